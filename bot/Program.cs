using Chexs.Bot.Hosting;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRootSettings(builder.Environment.EnvironmentName);
builder.AddChexsBot();

var app = builder.Build();
app.MapChexsBot();
await app.RunAsync();
return 0;

/// <summary>Entry point, public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program { }
