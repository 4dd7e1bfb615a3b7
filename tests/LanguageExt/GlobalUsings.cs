global using System;
global using System.Linq;
global using FsCheck.Fluent;
global using LanguageExt;
global using Xunit;
global using static Functional.AD.LanguageExt.Tests.Check;
