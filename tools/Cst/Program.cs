using CryptoSignalTracker.Cli;

return CstApp.Run(args);
