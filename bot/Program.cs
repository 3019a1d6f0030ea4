using Chexs.Bot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRootSettings(builder.Environment.EnvironmentName);
builder.AddChexsBot();

var app = builder.Build();
app.MapChexsBot();
app.Run();

/// <summary>Entry point, public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program { }
