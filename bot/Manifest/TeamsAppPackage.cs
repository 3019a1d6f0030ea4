using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Manifest;

/// <summary>What goes into one Teams app package.</summary>
/// <param name="BotId">The bot's Microsoft App ID (the Azure bot registration).</param>
/// <param name="AppId">The Teams app id; defaults to the bot id, so re-packaging updates the same app.</param>
/// <param name="Version">The app version, x.y.z (Teams wants a higher one for every update).</param>
/// <param name="ExtraDomains">Hosts added to validDomains (e.g. the bot's public host name).</param>
/// <param name="Links">The charity's website, privacy notice and terms of use, shown by Teams to everyone who installs the app.</param>
public sealed record TeamsAppPackageOptions(Guid BotId, Guid? AppId, string Version, IReadOnlyList<string>? ExtraDomains = null, TeamsAppLinks? Links = null);

/// <summary>The developer links in the manifest. Real https pages of the charity: Teams shows them on the app's details.</summary>
public sealed record TeamsAppLinks(string WebsiteUrl, string PrivacyUrl, string TermsUrl)
{
    /// <summary>Why a URL is unusable, or null. Placeholder hosts (*.example) are refused so a test value never ships.</summary>
    public static string? Problem(string name, string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return $"{name} is required";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return $"{name} must be an https URL, not '{url}'";
        if (uri.Host.EndsWith(".example", StringComparison.OrdinalIgnoreCase) || uri.Host is "example.com" or "example.org" or "localhost")
            return $"{name} must be the charity's real page, not the placeholder '{url}'";
        return null;
    }
}

/// <summary>
/// Builds the Teams app package: a zip with manifest.json and the two icons at its root, from the
/// template in manifest/ (placeholders {{APP_ID}}, {{BOT_ID}}, {{VERSION}}).
/// </summary>
public static partial class TeamsAppPackage
{
    public const string ManifestFileName = "manifest.json";

    /// <summary>Teams' icon sizes (pixels, square).</summary>
    public const int ColorIconSize = 192, OutlineIconSize = 32;

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]
    private static partial Regex SemVer();

    [GeneratedRegex(@"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:[0-9]{1,5})?$", RegexOptions.IgnoreCase)]
    private static partial Regex DomainName();

    [GeneratedRegex(@"\{\{[A-Z_]+\}\}")]
    private static partial Regex Placeholder();

    public static bool IsVersion(string version) => SemVer().IsMatch(version);

    public static bool IsDomain(string domain) => DomainName().IsMatch(domain);

    /// <summary>The manifest with the placeholders filled in and the extra domains added.</summary>
    /// <exception cref="ArgumentException">A bad version or domain, or a placeholder the template has that we do not fill.</exception>
    public static JObject BuildManifest(string manifestTemplateJson, TeamsAppPackageOptions options)
    {
        if (!IsVersion(options.Version))
        {
            throw new ArgumentException($"'{options.Version}' is not a version Teams accepts: use three numbers, like 1.4.0.");
        }
        var values = new Dictionary<string, string>
        {
            ["{{APP_ID}}"] = (options.AppId ?? options.BotId).ToString("D"),
            ["{{BOT_ID}}"] = options.BotId.ToString("D"),
            ["{{VERSION}}"] = options.Version,
        };
        if (options.Links is { } links)
        {
            foreach (var problem in new[] { TeamsAppLinks.Problem("The website URL", links.WebsiteUrl), TeamsAppLinks.Problem("The privacy URL", links.PrivacyUrl), TeamsAppLinks.Problem("The terms of use URL", links.TermsUrl) })
            {
                if (problem is not null) throw new ArgumentException(problem + ".");
            }
            values["{{WEBSITE_URL}}"] = links.WebsiteUrl;
            values["{{PRIVACY_URL}}"] = links.PrivacyUrl;
            values["{{TERMS_URL}}"] = links.TermsUrl;
        }
        var manifest = JObject.Parse(manifestTemplateJson);
        foreach (var value in manifest.Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String).ToList())
        {
            var text = (string)value!;
            var filled = Placeholder().Replace(text, m => values.TryGetValue(m.Value, out var v)
                ? v
                : throw new ArgumentException(m.Value is "{{WEBSITE_URL}}" or "{{PRIVACY_URL}}" or "{{TERMS_URL}}"
                    ? "The manifest needs the charity's website, privacy and terms URLs (TeamsApp:WebsiteUrl, TeamsApp:PrivacyUrl, TeamsApp:TermsUrl)."
                    : $"The manifest template has a placeholder {m.Value} that the packager does not know."));
            if (filled != text) value.Value = filled;
        }

        var extra = options.ExtraDomains ?? [];
        foreach (var domain in extra.Where(d => !IsDomain(d)))
        {
            throw new ArgumentException($"'{domain}' is not a host name (like bot.example.org or *.example.org).");
        }
        if (extra.Count > 0)
        {
            var domains = manifest["validDomains"] as JArray ?? new JArray();
            foreach (var domain in extra.Where(d => !domains.Any(x => string.Equals((string?)x, d, StringComparison.OrdinalIgnoreCase))))
            {
                domains.Add(domain);
            }
            manifest["validDomains"] = domains;
        }
        return manifest;
    }

    /// <summary>Writes the package zip for the template and icons in <paramref name="manifestFolder"/>.</summary>
    /// <exception cref="ArgumentException">Bad options (see <see cref="BuildManifest"/>).</exception>
    /// <exception cref="InvalidDataException">An icon is missing, not a PNG, or the wrong size.</exception>
    public static void Write(string manifestFolder, TeamsAppPackageOptions options, Stream output)
    {
        var manifest = BuildManifest(File.ReadAllText(Path.Combine(manifestFolder, ManifestFileName)), options);
        var colorName = (string?)manifest["icons"]?["color"] ?? throw new InvalidDataException("manifest.json names no colour icon");
        var outlineName = (string?)manifest["icons"]?["outline"] ?? throw new InvalidDataException("manifest.json names no outline icon");
        var color = ReadIcon(manifestFolder, colorName, ColorIconSize, needsAlpha: false);
        var outline = ReadIcon(manifestFolder, outlineName, OutlineIconSize, needsAlpha: true);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, ManifestFileName, new UTF8Encoding(false).GetBytes(manifest.ToString(Formatting.Indented)));
        Add(zip, colorName, color);
        Add(zip, outlineName, outline);
    }

    private static byte[] ReadIcon(string folder, string name, int size, bool needsAlpha)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path)) throw new InvalidDataException($"The icon {name} is missing from {folder}.");
        var bytes = File.ReadAllBytes(path);
        PngInfo png;
        try
        {
            png = PngInfo.Read(bytes);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException($"The icon {name} is not a PNG file.");
        }
        if (png.Width != size || png.Height != size)
        {
            throw new InvalidDataException($"The icon {name} is {png.Width}x{png.Height}; Teams needs {size}x{size}.");
        }
        if (needsAlpha && !png.HasAlphaChannel)
        {
            throw new InvalidDataException($"The icon {name} has no transparency; Teams needs a transparent outline icon.");
        }
        return bytes;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        // A fixed time stamp: the same inputs give the same zip.
        entry.LastWriteTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
