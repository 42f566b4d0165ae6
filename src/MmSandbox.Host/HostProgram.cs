using Akka.Actor;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MmSandbox.Actors;
using MmSandbox.Actors.Logging;
using MmSandbox.Runner;
using Serilog;
using Serilog.Events;
using Serilog.Filters;

namespace MmSandbox.Host;

/// <summary>
/// The generic-host program: settings from appsettings.json, environment variables and the command line;
/// Serilog for every log; one ActorSystem registered with Akka.Hosting (configured by the embedded
/// hocon/scenario.hocon, plus an optional HOCON file); one study run by <see cref="StudyService"/> inside it.
/// </summary>
public static class HostProgram
{
    /// <summary>Builds and runs the host; returns the process exit code (see <see cref="HostExit"/>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // appsettings.json lives beside the program; the folders it names are relative to the current folder.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, HostSettings.SwitchMappings.ToDictionary());

        var logger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger();
        try
        {
            HostSettings settings;
            try
            {
                settings = builder.Configuration.GetSection(HostSettings.Section).Get<HostSettings>() ?? new HostSettings();
            }
            catch (InvalidOperationException e)
            {
                logger.Error("Bad setting: {Message}", e.Message);
                return HostExit.BadInput;
            }
            if (settings.Problem() is { } problem)
            {
                logger.Error("{Problem}", problem);
                return HostExit.BadInput;
            }
            Akka.Configuration.Config hocon;
            try
            {
                hocon = ScenarioHocon.Load(settings.HoconFile is { Length: > 0 } file ? File.ReadAllText(file) : null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.Error("Bad HOCON in {File}: {Message}", settings.HoconFile, e.Message);
                return HostExit.BadInput;
            }
            Configure(builder, settings, hocon, logger);
            using var host = builder.Build();
            var exit = host.Services.GetRequiredService<HostExit>();
            await host.RunAsync().ConfigureAwait(false);
            return exit.Code;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.Fatal(e, "The host failed");
            return HostExit.RunFailed;
        }
        finally
        {
            await logger.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Registers Serilog, the ActorSystem (configured by <paramref name="hocon"/>), the runner and the study on <paramref name="builder"/>.</summary>
    public static void Configure(HostApplicationBuilder builder, HostSettings settings, Akka.Configuration.Config hocon, Serilog.ILogger logger)
    {
        // Akka logs through Akka.Logger.Serilog to Serilog's global logger: the router sends each scenario's events
        // to its cell's run.log and everything else to the host's log. Those reach the host's logger as whole events,
        // past its per-source overrides, so the override for "Akka" (if any) is applied here.
        var akkaLevel = builder.Configuration.GetValue<LogEventLevel?>("Serilog:MinimumLevel:Override:Akka") ?? LogEventLevel.Verbose;
        ScenarioLogRouter.Install(new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Filter.ByExcluding(e => e.Level < akkaLevel && Matching.FromSource("Akka")(e))
            .WriteTo.Logger(logger)
            .CreateLogger());
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger);

        // On Ctrl-C the running cells finish the files they are writing (each atomic): give that time.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);

        builder.Services.AddAkka(settings.ActorSystemName, (akka, _) =>
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<SerilogLogger>();
            });
        });

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<HostExit>();
        builder.Services.AddSingleton(services => new ScenarioRunner(services.GetRequiredService<ActorSystem>()));
        builder.Services.AddHostedService<StudyService>();
    }
}
