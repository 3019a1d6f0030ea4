using Chexs.Bot.Hosting;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args);
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddRootSettings(builder.Environment.EnvironmentName);
    builder.AddChexsBot();

    var app = builder.Build();
    app.MapChexsBot();
    await app.RunAsync();
    return 0;
}
catch (StartupRefusedException refusal)
{
    // A configuration problem, not a bug: say what to fix and exit 2 instead of crashing with a stack trace.
    return StartupRefusal.Report(refusal, Console.Error);
}

/// <summary>Entry point, public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program { }
