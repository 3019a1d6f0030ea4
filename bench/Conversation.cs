using System.Diagnostics;
using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Bench;

/// <summary>Where turn latencies go while a measurement window is open, and the errors seen.</summary>
public sealed class TurnRecorder
{
    private volatile bool _recording;
    private long _errors;

    public Latencies Turns { get; } = new();
    public bool Recording => _recording;
    public long Errors => Interlocked.Read(ref _errors);
    /// <summary>First few error descriptions, for the log.</summary>
    public List<string> ErrorSamples { get; } = new();

    public void Start() => _recording = true;
    public void Stop() => _recording = false;

    public void Record(long startTicks, bool startedWhileRecording)
    {
        if (startedWhileRecording && _recording)
        {
            Turns.Add(Stopwatch.GetElapsedTime(startTicks).TotalMilliseconds);
        }
    }

    public void Error(string what)
    {
        if (!_recording) return;
        Interlocked.Increment(ref _errors);
        lock (ErrorSamples)
        {
            if (ErrorSamples.Count < 5) ErrorSamples.Add(what);
        }
    }
}

/// <summary>
/// One simulated staff member's personal chat with a bot: posts activities to /api/messages and reads
/// the replies that come back in the response (expectReplies). Each post is one turn.
/// </summary>
public sealed class Conversation
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _serviceUrl;
    private readonly TurnRecorder _recorder;

    public Conversation(HttpClient http, Uri botBase, string serviceUrl, string conversationId, Activities.User user, TurnRecorder recorder)
    {
        _http = http;
        _endpoint = new Uri(botBase, "api/messages");
        _serviceUrl = serviceUrl;
        Id = conversationId;
        User = user;
        _recorder = recorder;
    }

    public string Id { get; }
    public Activities.User User { get; }

    /// <summary>Sends a message; returns the reply activities (empty on error, which is counted).</summary>
    public async Task<JArray> SayAsync(string text, CancellationToken ct)
    {
        var body = await PostAsync(Activities.Message(_serviceUrl, Id, User, text), ct);
        return body?["activities"] as JArray ?? new JArray();
    }

    /// <summary>Clicks an Action.Execute button; returns the invoke response body (null on error).</summary>
    public Task<JObject?> ClickAsync(string verb, JObject data, string cardActivityId, CancellationToken ct) =>
        PostAsync(Activities.CardAction(_serviceUrl, Id, User, verb, data, cardActivityId), ct);

    private async Task<JObject?> PostAsync(string json, CancellationToken ct)
    {
        var recording = _recorder.Recording;
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(_endpoint, content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            _recorder.Record(start, recording);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                _recorder.Error($"HTTP {(int)response.StatusCode}: {Truncate(text)}");
                return null;
            }
            return text.Length == 0 ? new JObject() : JObject.Parse(text);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or Newtonsoft.Json.JsonException or TaskCanceledException)
        {
            _recorder.Error($"{e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    public void Unexpected(string what) => _recorder.Error(what);

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
