namespace Chexs.Bot.Dialogs.Parsing;

/// <summary>
/// The words staff use around a request, by what they do in it. A word listed here is never read as a pupil's
/// name and never reported as "not understood". Kept as plain sets so adding a phrasing is one word here and
/// one row in the utterance table (tests/CHEXS.Bot.Tests/Dialogs/utterances.txt).
/// </summary>
internal static class Vocabulary
{
    /// <summary>Verbs that ask for a new session ("book", "schedule", "set up", "arrange").</summary>
    public static readonly HashSet<string> BookVerbs = new()
    {
        "book", "schedule", "arrange", "organise", "organize", "setup", "set", "plan", "create", "add", "fix",
        "pencil", "slot", "put", "sort", "bk", "make", "squeeze", "fit", "reserve",
    };

    /// <summary>Nouns for a session ("session", "call", "1:1", "catch-up").</summary>
    public static readonly HashSet<string> SessionNouns = new()
    {
        "session", "sessions", "call", "calls", "meeting", "meetings", "booking", "bookings", "appointment", "appointments",
        "catch-up", "catchup", "catch", "check-in", "checkin", "zoom", "video", "videocall", "mentoring", "slot", "slots", "sesh",
        "1:1", "1-1", "121", "1-2-1", "1to1", "1-to-1", "one-to-one", "one2one", "group",
    };

    /// <summary>Nouns for the list of one's sessions ("my sessions", "my diary").</summary>
    public static readonly HashSet<string> ListNouns = new()
    {
        "sessions", "bookings", "calls", "meetings", "appointments", "diary", "calendar", "schedule", "upcoming", "list", "agenda",
    };

    public static readonly HashSet<string> ShowVerbs = new()
    {
        "show", "list", "see", "view", "display", "check", "give", "what", "what's", "whats", "which", "got", "have", "upcoming", "pull", "bring",
    };

    public static readonly HashSet<string> CancelVerbs = new()
    {
        "cancel", "canceling", "cancelling", "cancl", "cancle", "delete", "remove", "scrap", "drop", "axe", "kill", "abandon", "call",
    };

    public static readonly HashSet<string> MoveVerbs = new()
    {
        "reschedule", "re-schedule", "resched", "move", "rearrange", "re-arrange", "shift", "push", "postpone", "delay", "change",
        "bring", "swap", "switch", "amend", "moving", "rebook", "rearange", "reschedual", "reshedule", "put",
    };

    public static readonly HashSet<string> ConsentNouns = new() { "consent", "consents", "permission", "permissions", "form" };

    public static readonly HashSet<string> WithdrawVerbs = new()
    {
        "withdraw", "withdrawn", "withdrew", "withdrawing", "revoke", "revoked", "retract", "rescind", "pull", "pulled", "cancel", "remove", "removed", "stop",
    };

    public static readonly HashSet<string> RecordVerbs = new()
    {
        "record", "add", "log", "enter", "save", "register", "upload", "store", "received", "got", "back", "signed", "new",
    };

    public static readonly HashSet<string> HelpWords = new() { "help", "?", "commands", "options", "menu", "instructions", "how", "usage" };

    public static readonly HashSet<string> PolicyWords = new() { "policy", "policies", "rules", "rule", "guidelines", "safeguarding" };

    public static readonly HashSet<string> Greetings = new()
    {
        "hi", "hello", "hey", "hiya", "heya", "yo", "morning", "afternoon", "evening", "good", "gm", "howdy", "greetings", "hullo",
        "there", "team", "chexs", "bot", "all", "folks", "ok", "okay", "right", "so", "um", "erm", "er", "hmm", "quick", "question",
        "thanks", "thank", "you", "cheers", ",", "!", "-",
    };

    /// <summary>Words that carry no slot: politeness, pronouns, auxiliaries, prepositions.</summary>
    public static readonly HashSet<string> Filler = new()
    {
        "please", "pls", "plz", "kindly", "can", "could", "would", "will", "you", "u", "i", "i'd", "id", "i'm", "im", "we", "we'd", "i'll",
        "need", "needs", "want", "wanna", "like", "to", "a", "an", "the", "me", "us", "my", "our", "for", "in", "on", "at", "of", "just",
        "quickly", "asap", "thanks", "thank", "cheers", "ta", "lovely", "great", "ok", "okay", "so", "then", "also", "too", "some",
        "get", "do", "does", "did", "let's", "lets", "let", "it", "this", "that", "there", "is", "are", "be", "been", "has", "had",
        "any", "up", "into", "new", "another", "now", "again", "mind", "possible", "able", "if", "and", ",", "&", "+", "with",
        "from", "by", "about", "around", "be", "going", "gonna", "hoping", "hope", "wondering", "try", "actually", "instead",
        "sorry", "hi", "hello", "hey", "one", "ones", "something", "all", "please?", "yeah", "yes", "oh", "ah", "right", "well",
        "his", "her", "their", "them", "they", "he", "she", "is", "was", "were", "still", "soon", "later", "next", "coming",
        "session's", "time", "day", "date", "ref", "reference", "number", "no", "no.", "#", "pupil", "pupils", "student", "students",
        "kid", "kids", "child", "children", "young", "person", "people", "programme", "program", "yp", "same", "usual", "as",
        "make", "change", "it's", "its", "what", "when", "where", "which", "who", "whose", "how", "long", "start", "starting", "starts",
        "should", "shall", "must", "not", "don't", "dont", "into", "onto", "over", "out", "across", "round", "forward", "back",
        "earlier", "later", "am", "have", "got", "give", "show", "see", "book", "meet", "meeting", "own", "only", "these", "those",
        "here", "diary", "calendar", "put", "done", "sorted", "ready", "thx", "tx", "ty", "off", "his", "hers", "theirs",
        "booked", "urgent", "urgently", "hopefully", "ideally", "maybe", "perhaps", "apologies", "brilliant", "perfect", "cool",
        "fab", "regards", "kind", "chance", "way", "anyone", "someone", "somebody", "anything", "everything", "really", "very",
    };

    /// <summary>Any word the readers know; such a word is never a pupil name.</summary>
    public static bool IsKnown(string word) =>
        Filler.Contains(word) || Greetings.Contains(word) || BookVerbs.Contains(word) || SessionNouns.Contains(word)
        || ListNouns.Contains(word) || ShowVerbs.Contains(word) || CancelVerbs.Contains(word) || MoveVerbs.Contains(word)
        || ConsentNouns.Contains(word) || WithdrawVerbs.Contains(word) || RecordVerbs.Contains(word) || HelpWords.Contains(word)
        || PolicyWords.Contains(word) || LengthWords.Contains(word);

    /// <summary>Words that only make sense next to a length ("make it 30 minutes long").</summary>
    public static readonly HashSet<string> LengthWords = new() { "long", "length", "duration", "lasting", "last", "lasts", "minutes", "mins", "hour", "hours" };
}
