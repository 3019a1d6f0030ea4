using System.ComponentModel.DataAnnotations;

namespace Chexs.Bot.DataExchange.Uploads;

/// <summary>Section <c>Uploads</c>: CSV files managers send to the bot in Teams (pupils, consents).</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>A bigger file is refused unread. 2 MiB holds far more pupils than CHEXS has (a row is ~150 bytes).</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Longest the download of one file may take.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a preview can be confirmed; after that the manager sends the file again.</summary>
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Hosts a file may be downloaded from (Teams hands the bot a pre-authenticated SharePoint/OneDrive link);
    /// "*.example.com" matches subdomains. Anything else is refused unread, so an activity cannot make the bot fetch
    /// an arbitrary address. Development adds the loopback hosts (the Agents Playground and the tests serve files there).
    /// </summary>
    public List<string> AllowedHosts { get; set; } = ["*.sharepoint.com", "*.sharepoint.us", "*.sharepoint-df.com"];

    public bool Allows(Uri url)
    {
        var host = url.IdnHost.ToLowerInvariant();
        var loopback = url.IsLoopback;
        if (url.Scheme != Uri.UriSchemeHttps && !(loopback && url.Scheme == Uri.UriSchemeHttp)) return false;
        return AllowedHosts.Any(pattern =>
        {
            var p = pattern.Trim().ToLowerInvariant();
            return p.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(p[1..], StringComparison.Ordinal) : host == p;
        });
    }
}
