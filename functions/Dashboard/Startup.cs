using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Security;
using CryptoSignalTracker.Dashboard;
using CryptoSignalTracker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Functions.Dashboard;

/// <summary>
/// The Dashboard service: the backend's stores (<see cref="PipelineBackend"/>: candles in Bigtable or Firestore per
/// <c>CANDLE_STORE</c>, positions and closed trades, macro bias and the LogicEngine's watermark in Firestore), only
/// ever read; <c>SYMBOLS</c>; the trading configuration (<see cref="TradingConfiguration"/>, for the RSI thresholds and
/// the initial equity); <see cref="DashboardServiceOptions"/> (checked at start). The shared dashboard
/// (<see cref="SignedLinkDashboard"/>) serves every path but the host's health route.
/// </summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configuration = context.Configuration;
        services.AddPipelineBackend(configuration);
        services.AddSettings<DashboardServiceOptions>(
            configuration, DashboardServiceOptions.Section, o => o.Validate(), o => o.LinkKey = configuration[DashboardAccess.KeyVariable]);
        services.AddSingleton(sp => Sources(sp, configuration));
    }

    /// <inheritdoc />
    public override void Configure(WebHostBuilderContext context, IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        var options = services.GetRequiredService<DashboardServiceOptions>();
        var time = services.GetRequiredService<TimeProvider>();
        app.UseSignedLinkDashboard(
            services.GetRequiredService<DashboardSources>(),
            SignedToken.FromBase64(options.LinkKey, DashboardAccess.KeyVariable, time),
            options.SessionLifetime,
            FunctionHost.HealthPath,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("CryptoSignalTracker.Dashboard"));
    }

    private static DashboardSources Sources(IServiceProvider services, IConfiguration configuration)
    {
        var positions = services.GetRequiredService<IPositionBook>();
        return new DashboardSources
        {
            Symbols = SymbolsSetting.ReadOrDefault(configuration),
            Candles = services.GetRequiredService<ICandleStore>(),
            Positions = positions,
            Trades = positions as IClosedTradeLog
                ?? throw new InvalidOperationException($"the position book ({positions.GetType().Name}) cannot list closed trades"),
            Biases = services.GetRequiredService<IBiasStore>(),
            State = services.GetRequiredService<IStateStore>(),
            Trading = TradingConfiguration.Read(configuration),
            Mode = DashboardMode.Live,
            Time = services.GetRequiredService<TimeProvider>(),
        };
    }
}
