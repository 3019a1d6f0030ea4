using Newtonsoft.Json;

namespace Chexs.Bot.Dialogs.Engine;

/// <summary>
/// The persisted conversation stack (a ConversationState property). Frames hold a dialog id and the
/// dialog's own state as a JSON string — no type names, so the storage stays plain JSON, and no date
/// re-parsing by storages that read documents back into JObjects.
/// </summary>
internal sealed class DialogStack
{
    public List<DialogFrame> Frames { get; set; } = new();
}

internal sealed class DialogFrame
{
    public string DialogId { get; set; } = "";
    /// <summary>Unique per push; cards carry it as "promptId" so a button from an old question is recognised.</summary>
    public string InstanceId { get; set; } = "";
    public string State { get; set; } = "{}";

    /// <summary>The typed state in use this turn; written back to <see cref="State"/> before saving.</summary>
    [JsonIgnore]
    public object? Live { get; set; }
}

internal static class FrameJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        DateParseHandling = DateParseHandling.None,
        NullValueHandling = NullValueHandling.Ignore,
    };

    public static T Load<T>(DialogFrame frame) where T : class, new()
    {
        if (frame.Live is T live)
        {
            return live;
        }
        var state = JsonConvert.DeserializeObject<T>(frame.State, Settings) ?? new T();
        frame.Live = state;
        return state;
    }

    public static void Flush(DialogStack stack)
    {
        foreach (var frame in stack.Frames.Where(f => f.Live is not null))
        {
            frame.State = JsonConvert.SerializeObject(frame.Live, Settings);
        }
    }
}
