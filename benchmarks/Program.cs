System.Console.WriteLine("benchmarks: coming soon");
