using CryptoSignalTracker.Hosting;

return await FunctionHost.RunAsync(args, typeof(CryptoSignalTracker.Functions.Dashboard.Function).Assembly);
