using System.Diagnostics;

namespace Chexs.Bot.Bench;

/// <summary>
/// With BENCH_TRACE=folder set, each measured window is also traced with dotnet-trace
/// (`dotnet tool install -g dotnet-trace`): sampled thread stacks of the bot process, as .nettrace and
/// Speedscope JSON in that folder. Used to find where the time goes when a target is missed; the
/// tracer costs some CPU, so traced runs are not the published numbers.
/// </summary>
public sealed class Tracing : IDisposable
{
    private readonly Process _tracer;

    private Tracing(Process tracer) => _tracer = tracer;

    public static Tracing? Start(ChildProcess server, string name, TimeSpan window)
    {
        var folder = Environment.GetEnvironmentVariable("BENCH_TRACE");
        if (string.IsNullOrEmpty(folder)) return null;
        Directory.CreateDirectory(folder);
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        var info = new ProcessStartInfo(File.Exists(tool) ? tool : "dotnet-trace")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "collect", "-p", server.Id.ToString(), "--profile", "dotnet-sampled-thread-time", "--format", "Speedscope",
                     "--duration", window.ToString(@"dd\:hh\:mm\:ss"), "-o", Path.Combine(folder, name + ".nettrace") })
        {
            info.ArgumentList.Add(a);
        }
        var tracer = Process.Start(info)!;
        _ = tracer.StandardOutput.ReadToEndAsync();
        _ = tracer.StandardError.ReadToEndAsync();
        Thread.Sleep(500); // let the session attach before the window opens
        return new Tracing(tracer);
    }

    public void Finish() => _tracer.WaitForExit(TimeSpan.FromMinutes(2));

    public void Dispose() => _tracer.Dispose();
}
