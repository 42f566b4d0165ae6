using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace MmSandbox.Actors.Logging;

/// <summary>
/// Akka.Logger.Serilog writes to Serilog's global logger; this sink behind it sends each event to
/// the log file of the ActorSystem it came from, so scenarios running side by side keep separate logs.
/// A scenario run inside a shared system registers as <c>system/user/actor</c> (its top-level actor) instead.
/// Events of no registered system or scenario go to the fallback logger, if any.
/// </summary>
public sealed partial class ScenarioLogRouter : ILogEventSink
{
    private static readonly object Gate = new();
    private static ScenarioLogRouter? _installed;
    private readonly ConcurrentDictionary<string, Logger> _systems = new(StringComparer.Ordinal);
    private readonly ILogger? _fallback;

    private ScenarioLogRouter(ILogger? fallback) => _fallback = fallback;

    /// <summary>Makes the router the global Serilog logger (once per process); later calls return the same router.</summary>
    public static ScenarioLogRouter Install(ILogger? fallback = null)
    {
        lock (Gate)
        {
            if (_installed is not null) return _installed;
            _installed = new ScenarioLogRouter(fallback);
            Log.Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(_installed).CreateLogger();
            return _installed;
        }
    }

    /// <summary>
    /// Sends the events of ActorSystem <paramref name="systemName"/> to <paramref name="logFile"/> until disposed; a name
    /// <c>system/user/actor</c> takes only the events of that top-level actor and the actors below it.
    /// </summary>
    public IDisposable Register(string systemName, string logFile)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.File(logFile, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {LogSource}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        _systems[systemName] = logger;
        return new Registration(this, systemName, logger);
    }

    /// <summary>The logger of a registered system, for the runner's own lines.</summary>
    public ILogger? For(string systemName) => _systems.TryGetValue(systemName, out var logger) ? logger : null;

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Properties.TryGetValue("LogSource", out var source) && source is ScalarValue { Value: string text })
        {
            var match = SystemName().Match(text);
            if (match.Success && (_systems.TryGetValue($"{match.Groups[1].Value}/user/{match.Groups[2].Value}", out var logger)
                                  || _systems.TryGetValue(match.Groups[1].Value, out logger)))
            {
                logger.Write(logEvent);
                return;
            }
        }
        _fallback?.Write(logEvent);
    }

    [GeneratedRegex(@"akka://([^/\]]+)(?:/user/([^/\]]+))?")]
    private static partial Regex SystemName();

    private sealed class Registration(ScenarioLogRouter router, string systemName, Logger logger) : IDisposable
    {
        public void Dispose()
        {
            router._systems.TryRemove(systemName, out _);
            logger.Dispose();
        }
    }
}
