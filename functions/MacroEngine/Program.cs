using CryptoSignalTracker.Hosting;

return await FunctionHost.RunAsync(args, typeof(CryptoSignalTracker.Functions.MacroEngine.Function).Assembly);
