using System.Diagnostics;

namespace Chexs.Bot.Bench;

/// <summary>Starting the bots under test as separate processes, each with its own scratch folder.</summary>
public static class Bots
{
    /// <summary>
    /// The settings the bot child gets (environment variables), for a database in <paramref name="folder"/> — or, given
    /// <paramref name="postgres"/> (a connection string), on that PostgreSQL database instead (Storage:Engine=PostgreSql).
    /// </summary>
    public static Dictionary<string, string> BotSettings(string folder, string? postgres = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Path"] = Path.Combine(folder, "chexs.db"),
            ["Graph__PickupFolder"] = Path.Combine(folder, "mail-pickup"),
        };
        if (postgres is not null)
        {
            settings["Storage__Engine"] = "PostgreSql";
            settings["Storage__ConnectionString"] = postgres;
        }
        return settings;
    }

    /// <summary>The real bot: <c>dotnet bot/bin/Release/net10.0/CHEXS.Bot.dll --urls http://127.0.0.1:PORT</c>, Development settings.</summary>
    /// <param name="environment">Extra environment variables (e.g. the runtime's DOTNET_gcServer), over the bot's own settings.</param>
    public static ChildProcess StartChexs(string folder, string logName = "bot.log", IDictionary<string, string>? environment = null, string? postgres = null)
    {
        if (!File.Exists(Repo.BotDll)) throw new FileNotFoundException($"Build the bot first ({Repo.Configuration}): {Repo.BotDll}");
        var port = ChildProcess.FreePort();
        var settings = BotSettings(folder, postgres);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) settings[k] = v;
        return ChildProcess.Start(Repo.BotDll, ["--urls", $"http://127.0.0.1:{port}"], settings, Path.Combine(folder, logName), port);
    }

    /// <summary>The echo bot (the ceiling), hosted by the bench executable itself in its own process.</summary>
    public static ChildProcess StartEcho(string folder)
    {
        var port = ChildProcess.FreePort();
        return ChildProcess.Start(Repo.BenchDll, ["echo-server", "--urls", $"http://127.0.0.1:{port}", "--db", Path.Combine(folder, "echo.db")],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, Path.Combine(folder, "echo.log"), port);
    }

    public static async Task WaitReadyAsync(ChildProcess child, HttpClient http) =>
        await child.WaitHealthyAsync(http, Stopwatch.StartNew(), TimeSpan.FromSeconds(60));
}
