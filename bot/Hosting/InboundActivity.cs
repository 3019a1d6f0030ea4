using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Hosting;

/// <summary>
/// Checks the shape of a POST to /api/messages before the SDK sees it. The SDK answers 400 only
/// for unreadable JSON or a missing "type"; an activity without a conversation or service URL would
/// otherwise fail deep inside a turn (a 500, or a half-handled turn). Real channels always send
/// these fields, so a request without them is refused up front with a plain reason and nothing is stored.
/// </summary>
public static class InboundActivity
{
    /// <summary>Largest activity we accept. Teams caps messages at about 28 KB; cards and invokes stay far below this.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Returns null when the body is a usable activity, else the reason it is not.</summary>
    public static string? Problem(string body)
    {
        JObject activity;
        try
        {
            using var reader = new JsonTextReader(new StringReader(body)) { MaxDepth = 64, DateParseHandling = DateParseHandling.None };
            if (JToken.ReadFrom(reader) is not JObject o)
            {
                return "The body must be a JSON object (a Bot Framework activity).";
            }
            activity = o;
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }

        var missing = new List<string>();
        Require(activity, "type", missing);
        Require(activity, "channelId", missing);
        Require(activity, "serviceUrl", missing);
        Require(activity, "conversation.id", missing);
        Require(activity, "from.id", missing);
        if (missing.Count > 0)
        {
            return $"The activity is missing {string.Join(", ", missing)}.";
        }
        var serviceUrl = (string)activity["serviceUrl"]!;
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The activity's serviceUrl is not an http(s) URL.";
        }
        return null;
    }

    /// <summary>
    /// Reads the request body (buffered so the SDK can read it again) and checks it.
    /// Returns null when the request may go on to the adapter.
    /// </summary>
    public static async Task<IResult?> CheckAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            return Results.Problem("The activity is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBytes);
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            body = await reader.ReadToEndAsync(ct);
        }
        catch (IOException)
        {
            return Results.Problem("The activity is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        request.Body.Position = 0;
        var problem = Problem(body);
        return problem is null ? null : Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
    }

    private static void Require(JObject activity, string path, List<string> missing)
    {
        var token = activity.SelectToken(path);
        if (token is null || token.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)token))
        {
            missing.Add(path);
        }
    }
}
