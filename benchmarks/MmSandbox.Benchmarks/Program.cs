using BenchmarkDotNet.Running;

// Every benchmark of this assembly, chosen with BenchmarkDotNet's own options, e.g.
//   dotnet run -c Release --project benchmarks/MmSandbox.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/MmSandbox.Benchmarks -- --filter '*Quote*'
//   dotnet run -c Release --project benchmarks/MmSandbox.Benchmarks -- --list flat
BenchmarkSwitcher.FromAssembly(typeof(MmSandbox.Benchmarks.Lanes).Assembly).Run(args);
