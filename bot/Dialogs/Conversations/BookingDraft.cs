using Chexs.Bot.Records;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// A booking being put together in the 1:1 chat, persisted with the conversation between turns (plain JSON).
/// <see cref="SessionId"/> is chosen when the draft starts and becomes the session's id, so a second
/// Confirm finds the booking the first one made.
/// </summary>
public sealed class BookingDraft
{
    public string SessionId { get; set; } = "";
    public Programme? Programme { get; set; }
    public List<string> PupilIds { get; set; } = new();
    /// <summary>Names that fit several pupils, still to be asked about.</summary>
    public List<UnresolvedName> Unresolved { get; set; } = new();
    public DateTimeOffset? Start { get; set; }
    public int? Minutes { get; set; }
    /// <summary>The kind as said ("group", "1:1") or chosen; null means "go by the number of pupils".</summary>
    public SessionKind? Kind { get; set; }
    /// <summary>Set by Change → "one-to-one or group" so the form asks instead of inferring.</summary>
    public bool AskKind { get; set; }

    public bool HasPupils => PupilIds.Count > 0 || Unresolved.Count > 0;

    /// <summary>One pupil → one-to-one unless "group" was said; several → group.</summary>
    public SessionKind EffectiveKind => Kind ?? (PupilIds.Count > 1 ? SessionKind.Group : SessionKind.OneToOne);

    public BookingRequest ToRequest(string userId) =>
        new(SessionId, Programme!.Value, PupilIds.ToList(), Start!.Value, Minutes!.Value, EffectiveKind, userId, userId);
}

/// <summary>The parts of a draft that "Change" can ask for again.</summary>
public static class DraftField
{
    public const string Programme = "programme";
    public const string Pupils = "pupils";
    public const string When = "when";
    public const string Length = "length";
    public const string Kind = "kind";

    /// <summary>Empties a field so the form asks for it again.</summary>
    public static void Clear(BookingDraft draft, string field)
    {
        switch (field)
        {
            case Programme: draft.Programme = null; break;
            case Pupils: draft.PupilIds.Clear(); draft.Unresolved.Clear(); break;
            case When: draft.Start = null; break;
            case Length: draft.Minutes = null; break;
            case Kind: draft.Kind = null; draft.AskKind = true; break;
        }
    }
}
