namespace CryptoSignalTracker.DevCloud;

/// <summary>Where things are in the repository: its root, each function's project and built output.</summary>
public static class RepositoryLayout
{
    /// <summary>The solution file that marks the root.</summary>
    public const string SolutionFile = "CryptoSignalTracker.sln";

    /// <summary>The target framework folder of the built output.</summary>
    public const string TargetFramework = "net10.0";

    /// <summary>The nearest directory at or above <paramref name="start"/> holding <see cref="SolutionFile"/>, or null.</summary>
    public static string? FindRoot(string start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(start);
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary><c>functions/NAME/NAME.csproj</c>.</summary>
    public static string FunctionProject(string root, string name) => Path.Combine(root, "functions", name, name + ".csproj");

    /// <summary><c>functions/NAME/bin/CONFIGURATION/net10.0/NAME.dll</c>.</summary>
    public static string FunctionDll(string root, string name, string configuration) =>
        Path.Combine(root, "functions", name, "bin", configuration, TargetFramework, name + ".dll");

    /// <summary>
    /// Checks every function has a project and a built dll; returns the problems, one line each, naming the path and
    /// what to do (empty when all is there).
    /// </summary>
    public static IReadOnlyList<string> Problems(string root, IEnumerable<FunctionDefinition> functions, string configuration)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var problems = new List<string>();
        if (!File.Exists(Path.Combine(root, SolutionFile)))
        {
            problems.Add($"{root} is not the repository root (no {SolutionFile} there)");
            return problems;
        }

        foreach (var function in functions)
        {
            var project = FunctionProject(root, function.Name);
            var dll = FunctionDll(root, function.Name, configuration);
            if (!File.Exists(project))
            {
                problems.Add($"{function.Name}: {Path.GetRelativePath(root, project)} does not exist (leave it out with --functions)");
            }
            else if (!File.Exists(dll))
            {
                problems.Add($"{function.Name}: {Path.GetRelativePath(root, dll)} is missing; build it first: dotnet build {Path.GetRelativePath(root, project)} -c {configuration}");
            }
        }

        return problems;
    }
}
