using System.Net;
using System.Net.Http.Json;

namespace Chexs.Bot.Zoom;

/// <summary>
/// Zoom's Meetings REST API, one method per endpoint we use. A typed HttpClient from
/// IHttpClientFactory: retries, timeouts and the bearer token are handlers around it (see ZoomHosting).
/// Answers Zoom gives as errors become <see cref="ZoomApiException"/>; "not found" is a normal result.
/// </summary>
internal sealed class ZoomApi
{
    private readonly HttpClient _http;

    public ZoomApi(HttpClient http) => _http = http;

    /// <summary>POST users/{userId}/meetings → 201 with the meeting.</summary>
    public async Task<ZoomMeetingResponse> CreateMeetingAsync(string userId, ZoomCreateMeetingBody body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"users/{Uri.EscapeDataString(userId)}/meetings", body, ZoomJson.Options, ct).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, ct).ConfigureAwait(false);
        return await ReadAsync<ZoomMeetingResponse>(response, ct).ConfigureAwait(false);
    }

    /// <summary>GET meetings/{id}; null when Zoom does not know the meeting.</summary>
    public async Task<ZoomMeetingResponse?> GetMeetingAsync(long meetingId, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"meetings/{meetingId}", ct).ConfigureAwait(false);
        if (await IsNotFoundAsync(response, ct).ConfigureAwait(false)) return null;
        await ThrowIfFailedAsync(response, ct).ConfigureAwait(false);
        return await ReadAsync<ZoomMeetingResponse>(response, ct).ConfigureAwait(false);
    }

    /// <summary>PATCH meetings/{id} → 204; false when Zoom does not know the meeting.</summary>
    public async Task<bool> RescheduleMeetingAsync(long meetingId, ZoomRescheduleBody body, CancellationToken ct)
    {
        using var response = await _http.PatchAsJsonAsync($"meetings/{meetingId}", body, ZoomJson.Options, ct).ConfigureAwait(false);
        if (await IsNotFoundAsync(response, ct).ConfigureAwait(false)) return false;
        await ThrowIfFailedAsync(response, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>DELETE meetings/{id} → 204; false when it was already gone (404 / 3001).</summary>
    public async Task<bool> DeleteMeetingAsync(long meetingId, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync($"meetings/{meetingId}", ct).ConfigureAwait(false);
        if (await IsNotFoundAsync(response, ct).ConfigureAwait(false)) return false;
        await ThrowIfFailedAsync(response, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>GET users/{userId}/meetings?type=... following next_page_token to the end.</summary>
    public async Task<IReadOnlyList<ZoomListedMeeting>> ListMeetingsAsync(string userId, string type, CancellationToken ct)
    {
        var all = new List<ZoomListedMeeting>();
        string? page = null;
        do
        {
            var uri = $"users/{Uri.EscapeDataString(userId)}/meetings?type={Uri.EscapeDataString(type)}&page_size=300"
                + (page is null ? "" : $"&next_page_token={Uri.EscapeDataString(page)}");
            using var response = await _http.GetAsync(uri, ct).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, ct).ConfigureAwait(false);
            var list = await ReadAsync<ZoomMeetingList>(response, ct).ConfigureAwait(false);
            all.AddRange(list.Meetings);
            page = string.IsNullOrEmpty(list.NextPageToken) ? null : list.NextPageToken;
        }
        while (page is not null);
        return all;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(ZoomJson.Options, ct).ConfigureAwait(false)
        ?? throw new ZoomApiException(response.StatusCode, null, "empty answer");

    private static async Task<bool> IsNotFoundAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NotFound) return true;
        // Zoom has answered "meeting not found or expired" (3001) with other statuses too.
        if (response.IsSuccessStatusCode) return false;
        var error = await ReadErrorAsync(response, ct).ConfigureAwait(false);
        return error?.Code == 3001;
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var error = await ReadErrorAsync(response, ct).ConfigureAwait(false);
        throw new ZoomApiException(response.StatusCode, error?.Code, error?.Message);
    }

    private static async Task<ZoomErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            // Read as text from the buffer: callers may look at the error twice (not-found check, then the
            // exception), and a JSON stream read would dispose the content's one cached stream.
            await response.Content.LoadIntoBufferAsync(ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(body) ? null : System.Text.Json.JsonSerializer.Deserialize<ZoomErrorBody>(body, ZoomJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>Zoom answered with an error status (after retries). Internal: translated before staff see it.</summary>
internal sealed class ZoomApiException : Exception
{
    public ZoomApiException(HttpStatusCode status, int? code, string? zoomMessage)
        : base($"Zoom answered HTTP {(int)status}" + (code is null ? "" : $" code {code}") + (zoomMessage is null ? "" : $": {zoomMessage}"))
    {
        Status = status;
        Code = code;
        ZoomMessage = zoomMessage;
    }

    public HttpStatusCode Status { get; }
    public int? Code { get; }
    public string? ZoomMessage { get; }

    /// <summary>Worth trying again later (rate limit or Zoom's own failure).</summary>
    public bool IsTransient => Status == HttpStatusCode.TooManyRequests || (int)Status >= 500 || Status == HttpStatusCode.RequestTimeout;
}
