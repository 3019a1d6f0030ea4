using Chexs.Bot.Dialogs.Parsing;
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
    /// <summary>The programme was worked out from the pupils' records (so changing the pupils works it out again).</summary>
    public bool ProgrammeInferred { get; set; }
    public List<string> PupilIds { get; set; } = new();
    /// <summary>Names that fit several pupils, still to be asked about.</summary>
    public List<UnresolvedName> Unresolved { get; set; } = new();
    public DateTimeOffset? Start { get; set; }
    public int? Minutes { get; set; }
    /// <summary>The kind as said ("group", "1:1") or chosen; null means "go by the number of pupils".</summary>
    public SessionKind? Kind { get; set; }
    /// <summary>Set by Change → "one-to-one or group" so the form asks instead of inferring.</summary>
    public bool AskKind { get; set; }
    /// <summary>The draft repeats ("every Tuesday for 6 weeks"): booked as a series of dates; null for one session.</summary>
    public SessionSeries? Series { get; set; }
    /// <summary>The series' reference ("R-…"), chosen with the series so a second Confirm finds the first one's booking.</summary>
    public string? SeriesId { get; set; }
    /// <summary>The dates that passed on the card the staff member confirmed; booking goes ahead only if they still do.</summary>
    public List<DateTimeOffset> SeriesConfirmed { get; set; } = new();
    /// <summary>What the bot took something to mean, said back on the cards ("I took 'half four' as afternoon"), by field.</summary>
    public List<UnderstoodNote> Understood { get; set; } = new();

    public bool HasPupils => PupilIds.Count > 0 || Unresolved.Count > 0;

    /// <summary>One pupil → one-to-one unless "group" was said; several → group.</summary>
    public SessionKind EffectiveKind => Kind ?? (PupilIds.Count > 1 ? SessionKind.Group : SessionKind.OneToOne);

    public BookingRequest ToRequest(string userId) =>
        new(SessionId, Programme!.Value, PupilIds.ToList(), Start!.Value, Minutes!.Value, EffectiveKind, userId, userId);

    public void Note(string field, string text)
    {
        if (!Understood.Any(n => n.Field == field && n.Text == text)) Understood.Add(new UnderstoodNote { Field = field, Text = text });
    }

    public void Forget(string field) => Understood.RemoveAll(n => n.Field == field);

    public IEnumerable<string> UnderstoodTexts => Understood.Select(n => n.Text);
}

/// <summary>Something the bot read into what was typed, kept with the field it is about so a change can drop it.</summary>
public sealed class UnderstoodNote
{
    public string Field { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>The parts of a draft that "Change" can ask for again.</summary>
public static class DraftField
{
    public const string Programme = "programme";
    public const string Pupils = "pupils";
    public const string When = "when";
    public const string Length = "length";
    public const string Kind = "kind";
    /// <summary>How often and how long a series runs ("every Tuesday for 6 weeks").</summary>
    public const string Series = "series";

    /// <summary>Empties a field so the form asks for it again.</summary>
    public static void Clear(BookingDraft draft, string field)
    {
        draft.Forget(field);
        switch (field)
        {
            case Programme: draft.Programme = null; draft.ProgrammeInferred = false; break;
            case Pupils:
                draft.PupilIds.Clear();
                draft.Unresolved.Clear();
                if (draft.ProgrammeInferred) Clear(draft, Programme);
                break;
            case When: draft.Start = null; break;
            case Length: draft.Minutes = null; break;
            case Kind: draft.Kind = null; draft.AskKind = true; break;
            // "Change → one date only": the draft stops repeating and books one session.
            case Series: draft.Series = null; draft.SeriesId = null; draft.SeriesConfirmed.Clear(); break;
        }
    }
}
