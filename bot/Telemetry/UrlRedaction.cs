using System.Text.RegularExpressions;

namespace Chexs.Bot.Telemetry;

/// <summary>
/// URLs as telemetry may carry them: host and path with every identifying segment (email address, GUID,
/// meeting or message id) replaced by {id}, and no query string (Graph $filter values, paging tokens).
/// </summary>
public static partial class UrlRedaction
{
    [GeneratedRegex(@"[@%]|^[0-9a-f]{8}-[0-9a-f]{4}-|^\d{5,}$|^[A-Za-z0-9_=+-]{20,}$|[0-9]{3,}.*[A-Za-z]|[A-Za-z].*[0-9]{3,}", RegexOptions.IgnoreCase)]
    private static partial Regex IdentifyingSegment();

    /// <summary>"users/alex@chexs.org/meetings" → "users/{id}/meetings"; keeps words like v1.0, sendMail, sentitems.</summary>
    public static string Path(string path) =>
        string.Join('/', path.Split('/').Select(segment => segment.Length > 0 && IdentifyingSegment().IsMatch(segment) ? "{id}" : segment));

    public static string Redact(Uri? uri)
    {
        if (uri is null) return "";
        if (!uri.IsAbsoluteUri) return Path(uri.OriginalString.Split('?')[0]);
        return $"{uri.Scheme}://{uri.Authority}{Path(uri.AbsolutePath)}";
    }
}
