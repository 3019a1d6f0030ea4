using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Records;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// Applies a typed change to a draft: any slot the text names replaces the draft's ("Friday" keeps the time,
/// "half four" keeps the day), pupils are replaced, or added with "add"/"also"/"too", or taken off with
/// "remove"/"without"/"not". <see cref="Said"/> holds what to tell the person (names that fit nobody, guesses).
/// </summary>
public sealed class BookingCorrection
{
    private static readonly HashSet<string> AddWords = new() { "add", "also", "too", "plus", "include", "including", "join", "well" };
    private static readonly HashSet<string> RemoveWords = new() { "remove", "without", "drop", "not", "minus", "except", "exclude", "take" };

    public bool Changed { get; private set; }
    public List<string> Said { get; } = new();
    public SessionSeries? Series { get; private set; }

    public static async Task<BookingCorrection> ApplyAsync(BookingDraft draft, BookingLine line, string text, PupilPicker pupils, UkDateTimeParser dates, CancellationToken ct = default)
    {
        var result = new BookingCorrection { Series = line.Series };
        result.Said.AddRange(line.Problems);

        if (line.Programme is { } programme && programme != draft.Programme)
        {
            draft.Programme = programme;
            draft.ProgrammeInferred = false;
            draft.Forget(DraftField.Programme);
            result.Changed = true;
        }
        if (line.Kind is { } kind)
        {
            draft.Kind = kind;
            draft.AskKind = false;
            result.Changed = true;
        }
        if (line.Duration is { } length)
        {
            draft.Minutes = (int)length.TotalMinutes;
            result.Changed = true;
        }
        if (line.When is { } when && NewStart(draft, when, dates) is { } start)
        {
            if (start.Error is not null)
            {
                result.Said.Add(start.Error);
            }
            else
            {
                draft.Start = start.Start;
                draft.Forget(DraftField.When);
                if (when.Guess is { } guess && when.TimeGiven)
                {
                    draft.Note(DraftField.When, guess);
                }
                result.Changed = true;
            }
        }
        if (line.PupilNames.Count > 0)
        {
            await result.ChangePupilsAsync(draft, line.PupilNames, TextTokens.Split(text).Select(t => t.Text).ToHashSet(), pupils, ct);
        }
        return result;
    }

    private async Task ChangePupilsAsync(BookingDraft draft, IReadOnlyList<string> names, HashSet<string> words, PupilPicker pupils, CancellationToken ct)
    {
        var pick = await pupils.PickAsync(names, ct);
        if (pick.Unknown.Count > 0)
        {
            Said.Add(PupilPicker.NotFound(pick.Unknown));
            return;
        }
        var removing = words.Overlaps(RemoveWords);
        var adding = !removing && words.Overlaps(AddWords);
        if (removing)
        {
            var left = draft.PupilIds.Except(pick.PupilIds).ToList();
            if (left.Count == 0)
            {
                Said.Add("That would leave nobody in the session, so I kept the pupils as they were.");
                return;
            }
            draft.PupilIds = left;
        }
        else
        {
            draft.PupilIds = adding ? draft.PupilIds.Union(pick.PupilIds).ToList() : pick.PupilIds.ToList();
            draft.Unresolved = adding ? draft.Unresolved.Concat(pick.Unresolved).ToList() : pick.Unresolved.ToList();
            if (!adding) draft.Forget(DraftField.Pupils);
            foreach (var note in pick.Understood) draft.Note(DraftField.Pupils, note);
        }
        if (draft.ProgrammeInferred)
        {
            // Worked out from the old pupils: work it out again (the form asks if the new ones don't settle it).
            draft.Programme = null;
            draft.ProgrammeInferred = false;
            draft.Forget(DraftField.Programme);
        }
        Changed = true;
    }

    /// <summary>The new start: a day alone keeps the time, a time alone keeps the day.</summary>
    private static DateTimeReading? NewStart(BookingDraft draft, DateTimeReading when, UkDateTimeParser dates)
    {
        var current = draft.Start is { } s ? TimeZoneInfo.ConvertTime(s, dates.Zone) : (DateTimeOffset?)null;
        if (when.DateGiven && when.TimeGiven || current is null)
        {
            return when.Start is not { } whole ? null
                : whole <= dates.UtcNow ? DateTimeReading.Failed($"{UkDates.Short(whole, dates.Zone)} has already passed, so I kept the time as it was.")
                : when;
        }
        var date = when.DateGiven ? when.Date!.Value : DateOnly.FromDateTime(current.Value.DateTime);
        var time = when.TimeGiven ? when.Time!.Value : TimeOnly.FromDateTime(current.Value.DateTime);
        var reading = dates.At(date, time);
        if (reading.IsValid && reading.Start <= dates.UtcNow)
        {
            return DateTimeReading.Failed($"{UkDates.Short(reading.Start!.Value, dates.Zone)} has already passed, so I kept the time as it was.");
        }
        return reading;
    }
}
