using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>
/// Hosts the real bot (Program) in memory with its database in a temporary file of the test's choosing.
/// Settings are passed with UseSetting so they are visible while Program builds its services
/// (the start-up guards read them before the host is built).
/// </summary>
public sealed class BotAppFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _environment;

    public BotAppFactory(string databasePath, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string environment = "Development")
    {
        DatabasePath = databasePath;
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
        _environment = environment;
    }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Database:Path", DatabasePath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}

/// <summary>A temporary folder for one test's database file, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chexs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
