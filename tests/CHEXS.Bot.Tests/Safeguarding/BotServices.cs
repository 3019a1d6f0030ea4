using Chexs.Bot.Hosting;
using Chexs.Bot.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chexs.Bot.Tests.Safeguarding;

/// <summary>
/// The bot's real service registrations (as the command-line verbs build them) over a temporary
/// database, with a fake clock. Disposing deletes the database.
/// </summary>
internal sealed class BotServices : IDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    public BotServices(DateTimeOffset now, string environment = "Production", bool forCommandLine = true, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _folder = Path.Combine(Path.GetTempPath(), "chexs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Clock = new FakeTimeProvider(now);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        var config = new Dictionary<string, string?> { ["Database:Path"] = Path.Combine(_folder, "chexs.db") };
        foreach (var kv in settings ?? new Dictionary<string, string?>()) config[kv.Key] = kv.Value;
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddChexsBot(forCommandLine);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        services?.Invoke(builder.Services);
        _app = builder.Build();
    }

    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _app.Services;
    public ChexsDatabase Db => ChexsDatabase.Of(Services);
    public string Folder => _folder;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public string File(string name, string contents)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose()
    {
        ((IDisposable)_app).Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
