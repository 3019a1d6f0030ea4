using System.Net;
using System.Text;
using Chexs.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Foundation;

/// <summary>Posts activity JSON to /api/messages the way a channel does and reads what comes back.</summary>
public static class MessagesEndpoint
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? bearerToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JObject activity, string? bearerToken = null) =>
        PostAsync(client, activity.ToString(Newtonsoft.Json.Formatting.None), bearerToken);

    /// <summary>Posts an expectReplies activity and returns the replies carried in the response body.</summary>
    public static async Task<IReadOnlyList<JObject>> RepliesAsync(HttpClient client, JObject activity, string? bearerToken = null)
    {
        using var response = await PostAsync(client, activity, bearerToken);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        return JObject.Parse(body)["activities"]!.Cast<JObject>().ToList();
    }

    /// <summary>Keys in the bot-state collection (conversation and user state).</summary>
    public static IReadOnlyList<string> StateKeys(IServiceProvider services) =>
        ChexsDatabase.Of(services).BotState.FindAll().Select(d => d["_id"].AsString).ToList();

    public static bool IsHelpCard(JObject reply) =>
        reply["attachments"] is JArray { Count: 1 } a
        && (string?)a[0]["contentType"] == "application/vnd.microsoft.card.adaptive"
        && (string?)a[0]["content"]?["type"] == "AdaptiveCard"
        && a[0]["content"]!.ToString().Contains("book session");
}
