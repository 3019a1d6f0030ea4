using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Without a MicrosoftAppId the bot accepts unauthenticated requests, so it must be reachable from this
/// machine only. ASP.NET Core takes its listening addresses from many places; each that configuration can
/// set is rewritten to 127.0.0.1 on the same port, and the addresses actually bound are checked before the
/// first request is served:
/// <list type="bullet">
/// <item><c>urls</c> — also set by <c>--urls</c>, <c>ASPNETCORE_URLS</c> and <c>DOTNET_URLS</c>;</item>
/// <item><c>http_ports</c> / <c>https_ports</c> — <c>ASPNETCORE_HTTP_PORTS</c>, <c>DOTNET_HTTPS_PORTS</c>…;</item>
/// <item><c>Kestrel:Endpoints:{name}:Url</c> — from appsettings or <c>Kestrel__Endpoints__Http__Url</c>,
/// which Kestrel prefers over all of the above;</item>
/// <item>code (<c>ListenAnyIP</c>, <c>Listen(IPAddress.Any, …)</c>) cannot be rewritten: a bot that ends
/// up bound to anything but loopback stops at start-up with the addresses named (<see cref="Guard"/>).</item>
/// </list>
/// Unix sockets and named pipes are local by nature and left alone.
/// </summary>
public static class LoopbackOnly
{
    public const string DefaultUrl = "http://127.0.0.1:3978";

    public static void Apply(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var endpoints = config.GetSection("Kestrel:Endpoints").GetChildren()
            .Where(e => !string.IsNullOrWhiteSpace(e["Url"]))
            .ToDictionary(e => $"Kestrel:Endpoints:{e.Key}:Url", e => (string?)Rewrite(e["Url"]!));
        // Added last, so it wins over every other configuration source.
        config.AddInMemoryCollection(endpoints);
        builder.WebHost.UseUrls(Urls(config));
        Guard(builder.Services);
    }

    /// <summary>Where the host would listen, each on 127.0.0.1: <c>urls</c> when set, else the http(s) ports, else 3978.</summary>
    public static string[] Urls(IConfiguration config)
    {
        if (!string.IsNullOrWhiteSpace(config["urls"])) return StartupGuards.LoopbackOnly(config["urls"]);
        var ports = Ports(config["http_ports"]).Select(p => $"http://127.0.0.1:{p}")
            .Concat(Ports(config["https_ports"]).Select(p => $"https://127.0.0.1:{p}")).Distinct().ToArray();
        return ports.Length > 0 ? ports : [DefaultUrl];
    }

    /// <summary>One URL on 127.0.0.1 with the same scheme and port; Unix sockets and named pipes unchanged.</summary>
    public static string Rewrite(string url) => IsSocketOrPipe(url) ? url : StartupGuards.LoopbackOnly(url)[0];

    /// <summary>True for an address only this machine can reach: a loopback IP, localhost, a Unix socket or a named pipe.</summary>
    public static bool IsLocal(string address)
    {
        if (IsSocketOrPipe(address)) return true;
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }
        var host = parsed.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Wraps the registered server so its bound addresses are checked before any request is served.</summary>
    public static void Guard(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (registered is null) return;
        services.Remove(registered);
        services.AddSingleton<IServer>(sp => new LoopbackOnlyServer(registered.ImplementationInstance as IServer
            ?? registered.ImplementationFactory?.Invoke(sp) as IServer
            ?? (IServer)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
    }

    private static bool IsSocketOrPipe(string url) =>
        url.Contains("://unix:", StringComparison.OrdinalIgnoreCase) || url.Contains("://pipe:", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Ports(string? list) =>
        (list ?? "").Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => int.TryParse(p, out _));

    /// <summary>
    /// The server, started with every request held until its bound addresses are known to be local; if any
    /// is not, it is stopped again and start-up fails with the addresses named, so the process exits.
    /// </summary>
    private sealed class LoopbackOnlyServer(IServer inner) : IServer
    {
        public IFeatureCollection Features => inner.Features;

        public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
        {
            var held = new HeldApplication<TContext>(application);
            await inner.StartAsync(held, cancellationToken);
            var exposed = (Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Where(a => !IsLocal(a)).ToList();
            if (exposed.Count > 0)
            {
                var refusal = new InvalidOperationException(
                    $"CHEXS Bot will not start: no MicrosoftAppId is configured, so it accepts unauthenticated requests and may listen on loopback (127.0.0.1) only, " +
                    $"but it is bound to {string.Join(", ", exposed)}. Remove that listening configuration, or set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId.");
                held.Refuse(refusal);
                await inner.StopAsync(CancellationToken.None);
                throw refusal;
            }
            held.Open();
        }

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

        public void Dispose() => inner.Dispose();
    }

    /// <summary>Passes requests to the application only once the addresses have been checked (and keeps Kestrel's context pooling).</summary>
    private sealed class HeldApplication<TContext>(IHttpApplication<TContext> inner) : IHttpApplication<TContext>, IHostContextContainer<TContext> where TContext : notnull
    {
        public TContext? HostContext
        {
            get => inner is IHostContextContainer<TContext> c ? c.HostContext : default;
            set
            {
                if (inner is IHostContextContainer<TContext> c) c.HostContext = value;
            }
        }

        private readonly TaskCompletionSource _checked = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _checked.TrySetResult();

        public void Refuse(Exception why) => _checked.TrySetException(why);

        public TContext CreateContext(IFeatureCollection contextFeatures) => inner.CreateContext(contextFeatures);

        public async Task ProcessRequestAsync(TContext context)
        {
            await _checked.Task;
            await inner.ProcessRequestAsync(context);
        }

        public void DisposeContext(TContext context, Exception? exception) => inner.DisposeContext(context, exception);
    }
}
