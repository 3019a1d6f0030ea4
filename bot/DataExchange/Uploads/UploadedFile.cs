namespace Chexs.Bot.DataExchange.Uploads;

/// <summary>A file someone sent the bot in a chat: its name and where Teams says it can be downloaded. No SDK types.</summary>
public sealed record IncomingFile(string Name, string? DownloadUrl, string? FileType);

/// <summary>A downloaded file could not be taken; <see cref="Exception.Message"/> is the sentence for the manager.</summary>
public sealed class UploadRefusedException(string message) : Exception(message);

/// <summary>
/// Downloads a file a manager sent, with a size limit and a timeout: a hostile or broken link (huge, slow, wrong
/// host, a redirect elsewhere) ends in <see cref="UploadRefusedException"/> with a plain sentence, never a hang.
/// </summary>
public sealed class UploadDownloader(IHttpClientFactory http, Microsoft.Extensions.Options.IOptions<UploadOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "uploads";

    public async Task<byte[]> DownloadAsync(IncomingFile file, CancellationToken ct)
    {
        var o = options.Value;
        if (!Uri.TryCreate(file.DownloadUrl, UriKind.Absolute, out var url) || !o.Allows(url))
            throw new UploadRefusedException($"I can't fetch {file.Name}: Teams did not give me a download link I trust. Please send the file again in this chat.");
        using var timeout = new CancellationTokenSource(o.DownloadTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
                throw new UploadRefusedException($"I couldn't download {file.Name} (Teams answered {(int)response.StatusCode}). Nothing was imported; please send it again.");
            if (response.Content.Headers.ContentLength > o.MaxBytes)
                throw TooBig(file, o);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, linked.Token)) > 0)
            {
                if (copy.Length + read > o.MaxBytes) throw TooBig(file, o);
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new UploadRefusedException($"Downloading {file.Name} took longer than {o.DownloadTimeout.TotalSeconds:0} seconds, so I stopped. Nothing was imported; please send it again.");
        }
        catch (HttpRequestException)
        {
            throw new UploadRefusedException($"I couldn't download {file.Name} from Teams just now. Nothing was imported; please send it again in a minute.");
        }
    }

    private static UploadRefusedException TooBig(IncomingFile file, UploadOptions o) =>
        new($"{file.Name} is larger than {o.MaxBytes / 1024:N0} KB, more than any pupils or consents list should be, so I did not read it. Nothing was imported. Check it is the right file (a CSV export, not a workbook).");
}
