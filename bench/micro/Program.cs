using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Parley.Bench.Micro.StunCodecBenchmarks).Assembly).Run(args);
