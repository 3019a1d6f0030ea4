using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Chexs.Bot.Hosting;

/// <summary>Why a request is refused: the HTTP status and a plain reason for the caller (never an exception text).</summary>
public sealed record Refusal(int Status, string Reason)
{
    public IResult ToResult() => Results.Problem(Reason, statusCode: Status);
}

/// <summary>
/// Checks a POST to /api/messages before the SDK sees it: application/json in UTF-8 only (415), at most
/// <see cref="MaxBytes"/> (413), strict JSON — exactly one value, no comments, no duplicate member names,
/// no invalid Unicode, numbers a double can hold — and an activity of the shape the bot reads
/// (<see cref="ActivityShape"/>); otherwise 400. Real channels always send that, so a request that is not
/// is refused up front with a plain reason, before any handler runs and before anything is stored. The SDK
/// on its own accepts trailing junk, any content type and wrongly typed members, and fails on the last deep
/// inside a turn.
/// </summary>
public static class InboundActivity
{
    /// <summary>Largest activity we accept. Teams caps messages at about 28 KB; cards and invokes stay far below this.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    /// <summary>Null when the body is a usable activity, else why not (always 400).</summary>
    public static Refusal? Problem(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.StartsWith("\uFEFF"u8)) body = body[3..];   // RFC 8259 lets a parser ignore a byte order mark
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return BadRequest("The body is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Strict);
        }
        catch (JsonException e)
        {
            return BadRequest(e.LineNumber is { } line
                ? $"The body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1}): exactly one JSON object, without comments or anything after it."
                : "The body is not valid JSON.");
        }
        using (document)
        {
            if (StrictJson.Problem(document.RootElement) is { } notStrict)
            {
                return BadRequest(notStrict);
            }
            if (ActivityShape.Problem(document.RootElement) is { } shape)
            {
                return BadRequest(shape);
            }
        }
        return ActivityShape.SchemaProblem(body) is { } schema ? BadRequest(schema) : null;
    }

    /// <summary>
    /// Checks the content type, reads the body (buffered, so the SDK can read it again) and checks it.
    /// Returns null when the request may go on to the adapter.
    /// </summary>
    public static async Task<Refusal?> CheckAsync(HttpRequest request, CancellationToken ct)
    {
        if (!IsJson(request.ContentType))
        {
            return new Refusal(StatusCodes.Status415UnsupportedMediaType, "Send the activity as application/json in UTF-8.");
        }
        var tooLarge = new Refusal(StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {MaxBytes / 1024} KB.");
        if (request.ContentLength > MaxBytes)
        {
            return tooLarge;
        }
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBytes);
        using var copy = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(copy, ct);
        }
        catch (IOException)
        {
            return tooLarge;
        }
        request.Body.Position = 0;
        return Problem(new ReadOnlyMemory<byte>(copy.GetBuffer(), 0, (int)copy.Length));
    }

    /// <summary>application/json, with no charset or UTF-8 (what Bot Framework channels send).</summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    private static Refusal BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);
}
