using BenchmarkDotNet.Running;

namespace OrleansRegistry.MicroBench;

public static class MicroBenchProgram
{
    /// <summary>dotnet run -c Release --project bench/OrleansRegistry.MicroBench -- --filter '*' --job short</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(MicroBenchProgram).Assembly).Run(args);
}
