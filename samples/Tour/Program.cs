System.Console.WriteLine("Tour: coming soon");
