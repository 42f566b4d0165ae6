using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MmSandbox.Actors;
using MmSandbox.Runner;

namespace MmSandbox.Host.Tests;

public sealed class HostConfigurationTests
{
    [Fact]
    public async Task The_host_registers_one_ActorSystem_configured_by_the_scenario_HOCON_and_a_runner_over_it()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var settings = new HostSettings { ActorSystemName = "host-config-test" };
        HostProgram.Configure(builder, settings, ScenarioHocon.Load("akka.actor.default-dispatcher.throughput = 32"), Serilog.Core.Logger.None);
        using var host = builder.Build();

        var system = host.Services.GetRequiredService<ActorSystem>();
        try
        {
            Assert.Equal("host-config-test", system.Name);
            Assert.Same(system, host.Services.GetRequiredService<ScenarioRunner>().System);
            // hocon/scenario.hocon, with the extra HOCON layered over it.
            Assert.Equal(32, system.Settings.Config.GetInt("akka.actor.default-dispatcher.throughput"));
            Assert.Equal("OFF", system.Settings.Config.GetString("akka.stdout-loglevel"));
            // Akka logs only through Serilog (the router then sends each scenario's events to its run.log).
            Assert.StartsWith("Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog", Assert.Single(system.Settings.Config.GetStringList("akka.loggers")));
            Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is StudyService);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
