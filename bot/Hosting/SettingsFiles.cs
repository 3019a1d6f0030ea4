using Microsoft.Extensions.Configuration.Json;

namespace Chexs.Bot.Hosting;

/// <summary>
/// The repository keeps one appsettings.json at its root (copied next to the executable at build).
/// We add it, and appsettings.{Environment}.json, underneath every other source, so environment
/// variables, command-line arguments and test overrides still win.
/// </summary>
public static class SettingsFiles
{
    public static void AddRootSettings(this ConfigurationManager configuration, string environmentName)
    {
        var folder = AppContext.BaseDirectory;
        var files = new[] { "appsettings.json", $"appsettings.{environmentName}.json" };
        var index = 0;
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            configuration.Sources.Insert(index++, source);
        }
    }
}
