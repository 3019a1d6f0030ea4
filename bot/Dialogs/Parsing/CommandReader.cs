namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>What a typed line asks for.</summary>
public enum Intent
{
    None,
    Help,
    Policy,
    Book,
    MySessions,
    CancelSession,
    RescheduleSession,
    RecordConsent,
    WithdrawConsent,
    /// <summary>A manager's read-only preflight report ("status", "service status", "health").</summary>
    Status,
    /// <summary>A manager's "take a backup now" (the running bot copies its own database; see Backups/ManagerBackup).</summary>
    Backup,
    /// <summary>A manager's subject access export of one pupil or guardian (UK GDPR; RightsRequests/PersonExport).</summary>
    ExportPerson,
    /// <summary>A manager's erasure of one pupil or guardian: a dry run first, then a confirmation card (RightsRequests/PersonErasure).</summary>
    ErasePerson,
    /// <summary>A manager's inspection pack for a date range (Inspection/InspectionPack).</summary>
    ExportInspection,
}

/// <summary>
/// A typed line read as a whole: what it asks for and every slot it fills. <see cref="Explicit"/> means the line
/// named the thing as well as the action ("book a session", "my sessions", "cancel S-M4D9W"): clear enough to
/// interrupt a question the bot is waiting on. A weaker line ("book Sam tomorrow 4pm", "what have I got
/// tomorrow?") starts something only when nothing is waiting for an answer.
/// </summary>
public sealed record Utterance(Intent Intent, bool Explicit, BookingLine Slots, string Text)
{
    public static Utterance Nothing(string text) => new(Intent.None, false, new BookingLine(), text);

    /// <summary>Commands that change nothing: they can run in the middle of a question, which then resumes.</summary>
    public bool ReadOnly => Intent is Intent.Help or Intent.Policy or Intent.MySessions or Intent.Status or Intent.Backup
        or Intent.ExportPerson or Intent.ExportInspection;
}

/// <summary>
/// Works out the intent of a whole typed line offline, from words anywhere in it — verbs ("book", "schedule",
/// "set up", "cancel", "move", "show"), nouns ("session", "call", "1:1", "group", "sessions", "consent") and
/// references ("S-M4D9W") — not from a table of prefixes. Greetings and filler ("hello, can you…please")
/// are ignored. The slots come from <see cref="BookingLineParser"/> over the same words. Rules, in order:
/// <list type="number">
/// <item>consent words: withdraw-type verbs → withdraw consent, otherwise record consent;</item>
/// <item>the first action verb decides: cancel (needs a reference, a session word, a pupil or a day),
/// move/reschedule (needs a reference, a session word, a pupil or a new time), book, show (needs a list word);</item>
/// <item>without a verb: "my sessions", "upcoming" → list; a session word with booking slots → book; help and policy words;</item>
/// <item>a verb with words that fit nothing ("book me a unicorn") is not understood rather than guessed.</item>
/// </list>
/// </summary>
public sealed class CommandReader
{
    private readonly BookingLineParser _lines;

    public CommandReader(BookingLineParser lines) => _lines = lines;

    public Utterance Read(string? text, PupilNameLexicon? names = null)
    {
        var typed = text ?? "";
        if (typed.Trim() is "?" or "??" or "???")
        {
            return new Utterance(Intent.Help, true, new BookingLine(), typed);
        }
        var t = StripGreeting(TextTokens.Split(typed), out var greeted);
        if (t.Count == 0)
        {
            return greeted ? new Utterance(Intent.Help, false, new BookingLine(), typed) : Utterance.Nothing(typed);
        }
        var slots = _lines.Parse(t, names ?? PupilNameLexicon.Empty);
        var (intent, isExplicit) = Decide(t, slots);
        return new Utterance(intent, isExplicit, slots, typed);
    }

    private static (Intent, bool) Decide(IReadOnlyList<Token> t, BookingLine slots)
    {
        bool Is(int k, params string[] words) => k >= 0 && k < t.Count && words.Contains(t[k].Text);
        bool Any(HashSet<string> set) => t.Any(x => set.Contains(x.Text) || set.Contains(x.Bare));
        var hasRef = slots.SessionRef is not null || slots.BadRef is not null;
        var sessionWord = Any(Vocabulary.SessionNouns) || slots.Kind is not null;
        var listWord = t.Any(x => Vocabulary.ListNouns.Contains(x.Text) && x.Text != "schedule")
                       || t.Select((x, k) => (x, k)).Any(p => p.x.Text == "schedule" && Is(p.k - 1, "my", "the", "your", "todays", "today's", "weekly"));
        var unknown = slots.Unrecognised.Count;
        var pupils = slots.PupilNames.Count > 0;
        var when = slots.When is not null;

        // Help and the policy first when the line is about nothing else.
        if (t.Count <= 6 && (Is(0, "help", "?", "commands", "menu", "instructions", "options") || Has(t, "what", "can", "you", "do")
                             || Has(t, "what", "can", "i", "ask") || Has(t, "what", "do", "you", "do") || Has(t, "how", "can", "you", "help")
                             || Has(t, "how", "does", "this", "work") || Has(t, "what", "can", "i", "say") || Has(t, "how", "do", "i", "use")))
        {
            return (Intent.Help, true);
        }

        // The service's own state, for managers: "status", "service status", "health check", "preflight".
        if (t.Count <= 4 && (Is(0, "status", "health", "preflight") || Has(t, "service", "status") || Has(t, "system", "status")
                             || Has(t, "bot", "status") || Has(t, "health", "check")))
        {
            return (Intent.Status, true);
        }

        // A backup of the bot's data, for managers: "backup", "backup now", "back up the database", "take a backup".
        // Only short lines about the data itself, so "move Sam's session back" or "a backup plan for Friday" stay what they were.
        if (t.Count <= 6 && !hasRef && !pupils && !when
            && (Is(0, "backup") && t.Skip(1).All(x => x.Text is "now" or "the" or "database" or "data" or "please")
                || Is(0, "back") && Is(1, "up") && t.Skip(2).All(x => x.Text is "now" or "the" or "database" or "data" or "please" or "everything")
                || t.Any(x => x.Text is "take" or "make" or "run" or "do") && t.Any(x => x.Text is "backup" or "back-up")))
        {
            return (Intent.Backup, true);
        }

        // Rights requests and the inspection pack, for managers: "export person Sam Patel", "erase person P-0001",
        // "export inspection from 1/11/2026 to 30/11/2026". Only when the line starts with the words, so a booking
        // that mentions a person ("book a session with the person from…") stays a booking.
        if (Is(0, "export", "download") && Is(1, "person", "pupil", "guardian", "parent"))
        {
            return (Intent.ExportPerson, true);
        }
        if (Is(0, "erase", "anonymise", "anonymize", "forget") && Is(1, "person", "pupil", "guardian", "parent"))
        {
            return (Intent.ErasePerson, true);
        }
        if (Is(0, "export", "download", "inspection") && t.Any(x => x.Text is "inspection" or "inspection-pack"))
        {
            return (Intent.ExportInspection, true);
        }

        // Consent: "record consent for Sam", "Sam's mum has withdrawn consent", "the consent form came back".
        var consentWord = t.Any(x => x.Text is "consent" or "consents" or "permission" or "permissions")
                          || t.Any(x => x.Text == "form") && t.Any(x => x.Text is "back" or "signed" or "received" or "returned");
        if (consentWord)
        {
            var withdraw = t.Any(x => Vocabulary.WithdrawVerbs.Contains(x.Text)) || Has(t, "take", "back") || Has(t, "no", "longer");
            return (withdraw ? Intent.WithdrawConsent : Intent.RecordConsent, true);
        }

        // The first action verb decides.
        for (var k = 0; k < t.Count; k++)
        {
            switch (VerbAt(t, k))
            {
                case Verb.Cancel when hasRef || sessionWord || pupils || when:
                    return (Intent.CancelSession, hasRef || sessionWord);
                case Verb.Move when hasRef || sessionWord || pupils || slots.ToWhen is not null || t[k].Text is "reschedule" or "rearrange" or "resched":
                    return (Intent.RescheduleSession, hasRef || sessionWord);
                case Verb.Book when !listWord || sessionWord && !t.Any(x => x.Text is "my" or "upcoming"):
                    if (!sessionWord && !slots.HasBookingSlots && unknown > 0)
                    {
                        return (Intent.None, false); // "book me a unicorn": a verb alone, with words that fit nothing
                    }
                    return (Intent.Book, sessionWord || pupils || when);
                case Verb.Show when listWord || sessionWord || Has(t, "what", "got") || Has(t, "what", "on") || Has(t, "what's", "on") || Has(t, "whats", "on"):
                    return (Intent.MySessions, listWord || sessionWord);
            }
        }

        // No verb.
        if (t.Any(x => x.Text is "upcoming" or "diary" or "agenda") || Has(t, "my", "sessions") || Has(t, "my", "session")
            || Has(t, "my", "bookings") || Has(t, "my", "calls") || t.All(x => x.Text is "sessions" or "session" or "please" or "all" or "list"))
        {
            return (Intent.MySessions, true);
        }
        if (Has(t, "what", "got") || Has(t, "what", "on") || Has(t, "what's", "on") || Has(t, "whats", "on") || Has(t, "anything", "on")
            || Has(t, "coming", "up") || Has(t, "have", "i", "got") || Has(t, "anything", "booked") || Has(t, "got", "booked"))
        {
            return (Intent.MySessions, false);
        }
        // "any sessions tomorrow?", "calls this week": the plural, with no verb, is the list.
        if (t.Any(x => x.Text is "sessions" or "bookings" or "calls" or "meetings") && !pupils)
        {
            return (Intent.MySessions, t.Any(x => x.Text is "my" or "upcoming"));
        }
        // "when is Sam's next session?", "is Lily booked in on Friday?": a question about what is booked.
        if (t[0].Text is "when" or "when's" or "whens" or "is" or "are" or "does" or "has" or "which" && (sessionWord || t.Any(x => x.Text == "booked")))
        {
            return (Intent.MySessions, false);
        }
        if (sessionWord && (slots.HasBookingSlots || t.Any(x => x.Text is "new" or "another")))
        {
            return (Intent.Book, t.Any(x => x.Text is "new" or "another") || pupils);
        }
        if (t.Any(x => Vocabulary.PolicyWords.Contains(x.Text)) && t.Count <= 5)
        {
            return (Intent.Policy, true);
        }
        if (t.Any(x => x.Text is "help" or "?"))
        {
            return (Intent.Help, false);
        }
        // "Sam tomorrow half four 1:1": a pupil and a time, nothing else unread.
        if (pupils && when && unknown == 0)
        {
            return (Intent.Book, false);
        }
        return (Intent.None, false);
    }

    private enum Verb { None, Book, Show, Cancel, Move }

    /// <summary>The action verb at word <paramref name="k"/>, with the particles some need ("set up", "call off", "push back").</summary>
    private static Verb VerbAt(IReadOnlyList<Token> t, int k)
    {
        string? W(int i) => i >= 0 && i < t.Count ? t[i].Text : null;
        var w = t[k].Text;
        // "my schedule" is a list, "schedule a call" a booking.
        if (w == "schedule" && W(k - 1) is "my" or "the" or "your" or "today's" or "todays")
        {
            return Verb.None;
        }
        if (w == "call" && W(k + 1) == "off")
        {
            return Verb.Cancel;
        }
        if (w is "cancel" or "canceling" or "cancelling" or "cancelled" or "canceled" or "cancl" or "cancle" or "delete" or "deleted" or "scrap" or "scrapped" or "axe" or "abandon"
            || w is "remove" or "drop" or "kill" && t.Skip(k + 1).Any(x => Vocabulary.SessionNouns.Contains(x.Text) || x.Raw.StartsWith("S-", StringComparison.OrdinalIgnoreCase)))
        {
            return Verb.Cancel;
        }
        if (w is "reschedule" or "re-schedule" or "resched" or "reschedual" or "reshedule" or "move" or "moving" or "rearrange" or "re-arrange" or "rearange"
                or "postpone" or "shift" or "rebook" or "amend" or "moved" or "rescheduled" or "postponed" or "rearranged" or "shifted"
            || w == "push" && t.Skip(k + 1).Any(x => x.Text is "back" or "to" or "later")
            || w == "bring" && t.Skip(k + 1).Any(x => x.Text is "forward" or "earlier")
            || w == "put" && W(k + 1) != "in" && t.Skip(k + 1).Any(x => x.Text is "back" or "forward")
            || w is "change" or "swap" or "switch" && t.Skip(k + 1).Any(x => Vocabulary.SessionNouns.Contains(x.Bare) || x.Raw.StartsWith("S-", StringComparison.OrdinalIgnoreCase)))
        {
            return Verb.Move;
        }
        // "get Sam booked in for Friday", "have Lily booked for 4pm" — but not "is Lily booked in?", a question.
        if (w == "booked" && t.Take(k).Any(x => x.Text is "get" or "getting" or "have") && t[0].Text is not ("is" or "are" or "has" or "have" or "when"))
        {
            return Verb.Book;
        }
        if (w is "book" or "bk" or "schedule" or "arrange" or "organise" or "organize" or "setup" or "plan" or "create" or "reserve"
            || w == "set" && W(k + 1) == "up"
            || w == "pencil" || w == "squeeze" && t.Skip(k + 1).Any(x => x.Text == "in")
            || w is "put" or "slot" or "fit" && t.Skip(k + 1).Any(x => x.Text is "in" or "down")
            || w is "fix" or "sort" && W(k + 1) is "up" or "out"
            || w is "make" or "add" && t.Skip(k + 1).Take(3).Any(x => Vocabulary.SessionNouns.Contains(x.Text)))
        {
            return Verb.Book;
        }
        if (w is "show" or "list" or "see" or "view" or "display" or "check" or "give" or "pull" || w == "what" || w is "what's" or "whats" || w == "have" && W(k - 1) is "i" or "do")
        {
            return Verb.Show;
        }
        return Verb.None;
    }

    private static bool Has(IReadOnlyList<Token> t, params string[] words)
    {
        // The words in this order, not necessarily next to each other.
        var k = 0;
        foreach (var token in t)
        {
            if (k < words.Length && token.Text == words[k])
            {
                k++;
            }
        }
        return k == words.Length;
    }

    /// <summary>Drops "hi", "hello there,", "good morning!" and the like from the start of the line.</summary>
    private static IReadOnlyList<Token> StripGreeting(IReadOnlyList<Token> t, out bool greeted)
    {
        var k = 0;
        greeted = false;
        while (k < t.Count)
        {
            var w = t[k].Text;
            var isGreeting = w is "hi" or "hello" or "hey" or "hiya" or "heya" or "yo" or "howdy" or "hullo" or "greetings" or "gm";
            var isPeriodGreeting = w is "morning" or "afternoon" or "evening" && (k == 0 || t[k - 1].Text == "good")
                                   && (k + 1 >= t.Count || t[k + 1].Text is "," or "!" or "-" or "all" or "team" or "there" or "chexs" or "bot"
                                       || Vocabulary.Filler.Contains(t[k + 1].Text) && t[k + 1].Text is "can" or "could" or "please" or "i" or "i'd" or "would");
            if (isGreeting || isPeriodGreeting || w == "good" && k + 1 < t.Count && t[k + 1].Text is "morning" or "afternoon" or "evening")
            {
                greeted |= isGreeting || isPeriodGreeting;
                k++;
                continue;
            }
            if (k > 0 && (w is "," or "!" or "-" or "there" or "all" or "team" or "chexs" or "bot" or "again") && greeted)
            {
                k++;
                continue;
            }
            break;
        }
        return k == 0 ? t : t.Skip(k).ToList();
    }
}
