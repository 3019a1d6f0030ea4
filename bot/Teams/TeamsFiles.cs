using System.Net.Http.Headers;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Teams;

/// <summary>Puts a file's bytes at the upload address Teams gave after the person accepted a file consent card.</summary>
public interface IFileUploader
{
    Task UploadAsync(Uri uploadUrl, byte[] content, CancellationToken ct);
}

/// <summary>
/// The real upload: one PUT of the whole file to the OneDrive upload session Teams created in the person's own
/// OneDrive (<c>Content-Range: bytes 0-(n-1)/n</c>, as the upload session expects). The URL carries its own
/// authorisation, so no token is sent with it.
/// </summary>
public sealed class HttpFileUploader(IHttpClientFactory http) : IFileUploader
{
    public const string HttpClientName = "teams-file-upload";

    public async Task UploadAsync(Uri uploadUrl, byte[] content, CancellationToken ct)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentLength = content.Length;
        body.Headers.ContentRange = new ContentRangeHeaderValue(0, content.Length - 1, content.Length);
        using var response = await http.CreateClient(HttpClientName).PutAsync(uploadUrl, body, ct);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>
/// Sending a file in a personal chat the way Teams supports it for bots: a file consent card (the person accepts,
/// Teams makes a placeholder in their OneDrive and sends its upload address), the upload, then a file card pointing at
/// it. Needs <c>supportsFiles: true</c> in the app manifest and works only in personal chats. The card's context is
/// signed by the bot, so the accept that comes back can be trusted to name a file the bot offered to that person.
/// </summary>
public static class TeamsFiles
{
    /// <summary>Where Teams puts a bot's files: the person's OneDrive for Business, always on SharePoint Online over HTTPS.</summary>
    public static bool IsOneDriveUploadUrl(string? url, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps) return false;
        var host = parsed.Host.ToLowerInvariant();
        if (!(host.EndsWith(".sharepoint.com", StringComparison.Ordinal) || host.EndsWith(".sharepoint.us", StringComparison.Ordinal)
              || host.EndsWith(".sharepoint-df.com", StringComparison.Ordinal))) return false;
        uri = parsed;
        return true;
    }

    public static Attachment ConsentCard(string fileName, long size, string description, JObject signedContext) => new()
    {
        ContentType = FileConsentCard.ContentType,
        Name = fileName,
        Content = new FileConsentCard
        {
            Description = description,
            SizeInBytes = size,
            AcceptContext = signedContext,
            DeclineContext = signedContext,
        },
    };

    public static Attachment InfoCard(FileUploadInfo uploaded) => new()
    {
        ContentType = FileInfoCard.ContentType,
        ContentUrl = uploaded.ContentUrl,
        Name = uploaded.Name,
        Content = new FileInfoCard { UniqueId = uploaded.UniqueId, FileType = uploaded.FileType },
    };
}
