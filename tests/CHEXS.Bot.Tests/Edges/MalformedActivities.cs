using System.Text;
using Chexs.Bot.Tests.Foundation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Edges;

/// <summary>One generated request: what was done to it, the bytes, and whether the bot must refuse it.</summary>
/// <param name="MustRefuse">A mutation the bot must answer with 400/413/415 (the others it may accept or refuse, never 5xx).</param>
internal sealed record FuzzCase(string Kind, byte[] Body, string? ContentType, bool MustRefuse, string ConversationId)
{
    public override string ToString() => $"{Kind} ({Body.Length} bytes, {ContentType ?? "no content type"})";
}

/// <summary>
/// Seeded generator of hostile and odd requests for POST /api/messages, built from the Teams activity
/// shapes of <see cref="TeamsActivities"/>: messages, card clicks (invokes), conversationUpdate and
/// installationUpdate, each with one to three mutations. Mutations cover the campaign's findings (tenant as
/// a string, action.data / invoke value as a string, ids past LiteDB's 1,023-byte key limit, odd member
/// lists, trailing junk, other content types) and their neighbours: every member the bot reads given every
/// wrong JSON type, control and escape characters, deep nesting, invalid UTF-8, oversize bodies.
/// Messages that reach the booking conversation are never commands or answers, so a booking there stays put.
/// </summary>
internal sealed class MalformedActivities(int seed, string serviceUrl, string bookingConversationId)
{
    private readonly Random _random = new(seed);

    private static readonly string[] OddTexts =
    [
        "\u001b[31mred alert\u001b[0m", "\u001b]0;owned\u0007", "line one\r\nFAKE LOG LINE level=Error", "\u0000\u0001\u0002", "\u202Eevil\u202C",
        "🙂🙃🧸", "   ", "\t", "ﷺ𝕏𝔂", "<at>CHEXS Bot</at>", "<script>alert(1)</script>", "'; DROP TABLE sessions; --", "%s%s%n",
        "\u2028\u2029", new string('x', 5000), "Zalgo: Z̷̢̛a̸l̵g̶o̶", "\u00a0\u00a0",
    ];

    /// <summary>Odd, but no longer than a name may be.</summary>
    private static readonly string[] OddNames = OddTexts.Where(t => t.Length <= 1024).ToArray();

    /// <summary>Messages with nothing to read in them: the only messages sent to the booking conversation.</summary>
    private static readonly string[] UnreadableTexts = ["", "   ", "\t", "\u0000\u0001\u0002", "\u2028\u2029", "\u00a0\u00a0", "\u200b\u200e"];

    /// <summary>Tolerated mutations that make a readable but wrong answer: a dialog rightly counts those as tries.</summary>
    private static readonly HashSet<string> AnswersSomething = ["odd text", "mention of the bot", "mention with regex characters", "message value answer as object"];

    private static readonly string[] Verbs = ["", "book.confirm", "approval.approve", "nonsense", new string('v', 3000), "\u001b[2J"];

    private readonly (string Name, bool Refuse, Action<JObject, Random> Apply)[] _mutations =
    [
        ("tenant as string", true, (a, r) => ChannelData(a)["tenant"] = "00000000-0000-0000-0000-0000000000aa"),
        ("tenant as number", true, (a, r) => ChannelData(a)["tenant"] = 42),
        ("tenant as array", true, (a, r) => ChannelData(a)["tenant"] = new JArray("x")),
        ("tenant id as object", true, (a, r) => ChannelData(a)["tenant"] = new JObject { ["id"] = new JObject() }),
        ("channelData as string", true, (a, r) => a["channelData"] = "channel data"),
        ("channelData as array", true, (a, r) => a["channelData"] = new JArray(1, 2)),
        ("team as string", true, (a, r) => ChannelData(a)["team"] = "CHEXS Staff"),
        ("team id as number", true, (a, r) => ChannelData(a)["team"] = new JObject { ["id"] = 19, ["name"] = "x" }),
        ("channel as string", true, (a, r) => ChannelData(a)["channel"] = "General"),
        ("eventType as object", true, (a, r) => ChannelData(a)["eventType"] = new JObject()),
        ("selectedChannel as string", true, (a, r) => ChannelData(a)["settings"] = new JObject { ["selectedChannel"] = "General" }),
        ("settings as number", true, (a, r) => ChannelData(a)["settings"] = 7),
        ("meeting as string", true, (a, r) => ChannelData(a)["meeting"] = "meeting"),
        ("conversation id over 1023 bytes", true, (a, r) => Obj(a, "conversation")["id"] = "a:" + new string('c', 1100)),
        ("conversation id of multibyte characters past the limit", true, (a, r) => Obj(a, "conversation")["id"] = "a:" + string.Concat(Enumerable.Repeat("é😀", 200))),
        ("conversation id empty", true, (a, r) => Obj(a, "conversation")["id"] = ""),
        ("conversation id as number", true, (a, r) => Obj(a, "conversation")["id"] = 12345),
        ("conversation id as object", true, (a, r) => Obj(a, "conversation")["id"] = new JObject()),
        ("conversation as array", true, (a, r) => a["conversation"] = new JArray()),
        ("conversationType unknown", true, (a, r) => Obj(a, "conversation")["conversationType"] = "secretRoom"),
        ("conversationType as number", true, (a, r) => Obj(a, "conversation")["conversationType"] = 3),
        ("isGroup as string", true, (a, r) => Obj(a, "conversation")["isGroup"] = "yes"),
        ("tenantId as object", true, (a, r) => Obj(a, "conversation")["tenantId"] = new JObject()),
        ("from id over the limit", true, (a, r) => Obj(a, "from")["id"] = "29:" + new string('f', 2000)),
        ("from id as number", true, (a, r) => Obj(a, "from")["id"] = 29),
        ("from as string", true, (a, r) => a["from"] = "Alex Host"),
        ("from missing", true, (a, r) => a.Remove("from")),
        ("aadObjectId as number", true, (a, r) => Obj(a, "from")["aadObjectId"] = 1),
        ("aadObjectId huge", true, (a, r) => Obj(a, "from")["aadObjectId"] = new string('0', 3000)),
        ("from name as object", true, (a, r) => Obj(a, "from")["name"] = new JObject()),
        ("recipient missing", true, (a, r) => a.Remove("recipient")),
        ("recipient as string", true, (a, r) => a["recipient"] = "28:chexs-bot"),
        ("recipient id as number", true, (a, r) => a["recipient"] = new JObject { ["id"] = 28 }),
        ("activity id as object", true, (a, r) => a["id"] = new JObject()),
        ("activity id huge", true, (a, r) => a["id"] = new string('i', 4000)),
        ("replyToId as array", true, (a, r) => a["replyToId"] = new JArray()),
        ("membersAdded as string", true, (a, r) => a["membersAdded"] = "everyone"),
        ("membersAdded with null", true, (a, r) => a["membersAdded"] = new JArray(JValue.CreateNull())),
        ("membersAdded with a string", true, (a, r) => a["membersAdded"] = new JArray("28:chexs-bot")),
        ("membersAdded member without id", true, (a, r) => a["membersAdded"] = new JArray(new JObject { ["name"] = "CHEXS Bot" })),
        ("membersAdded member id as number", true, (a, r) => a["membersAdded"] = new JArray(new JObject { ["id"] = 28 })),
        ("membersRemoved as object", true, (a, r) => a["membersRemoved"] = new JObject { ["id"] = "28:chexs-bot" }),
        ("membersRemoved with empty object", true, (a, r) => a["membersRemoved"] = new JArray(new JObject())),
        ("action as number", true, (a, r) => a["action"] = 1),
        ("text as number", true, (a, r) => a["text"] = 42),
        ("text as object", true, (a, r) => a["text"] = new JObject { ["text"] = "help" }),
        ("entities as string", true, (a, r) => a["entities"] = "mention"),
        ("entities with a string", true, (a, r) => a["entities"] = new JArray("mention")),
        ("entity type as number", true, (a, r) => a["entities"] = new JArray(new JObject { ["type"] = 5 })),
        ("mention without mentioned", true, (a, r) => a["entities"] = new JArray(new JObject { ["type"] = "mention", ["text"] = "<at>CHEXS Bot</at>" })),
        ("mention with mentioned as string", true, (a, r) => a["entities"] = new JArray(new JObject { ["type"] = "mention", ["mentioned"] = "28:chexs-bot", ["text"] = "x" })),
        ("mention of the bot without text or name", true, (a, r) => a["entities"] = new JArray(new JObject { ["type"] = "mention", ["mentioned"] = new JObject { ["id"] = TeamsActivities.BotId } })),
        ("attachments as string", true, (a, r) => a["attachments"] = "file.txt"),
        ("attachments with a number", true, (a, r) => a["attachments"] = new JArray(5)),
        ("timestamp not a date", true, (a, r) => a["timestamp"] = "yesterday-ish"),
        ("localTimestamp as number", true, (a, r) => a["localTimestamp"] = 1700000000),
        ("type as number", true, (a, r) => a["type"] = 1),
        ("type empty", true, (a, r) => a["type"] = ""),
        ("type missing", true, (a, r) => a.Remove("type")),
        ("channelId as object", true, (a, r) => a["channelId"] = new JObject()),
        ("channelId missing", true, (a, r) => a.Remove("channelId")),
        ("serviceUrl not http", true, (a, r) => a["serviceUrl"] = "file:///etc/passwd"),
        ("serviceUrl as number", true, (a, r) => a["serviceUrl"] = 443),
        ("deliveryMode as number", true, (a, r) => a["deliveryMode"] = 2),
        ("locale as object", true, (a, r) => a["locale"] = new JObject()),
        ("suggestedActions as string", true, (a, r) => a["suggestedActions"] = "yes"),
        ("expiration not a date", true, (a, r) => a["expiration"] = "never"),
        ("invoke named something else", true, (a, r) => { a["type"] = "invoke"; a["name"] = r.Next(3) switch { 0 => "task/fetch", 1 => "composeExtension/query", _ => "signin/verifyState" }; }),
        ("invoke without a name", true, (a, r) => { a["type"] = "invoke"; a.Remove("name"); }),
        ("invoke value as string", true, (a, r) => Invoke(a)["value"] = "{\"action\":{}}"),
        ("invoke value as number", true, (a, r) => Invoke(a)["value"] = 3),
        ("invoke value missing", true, (a, r) => Invoke(a).Remove("value")),
        ("invoke action as string", true, (a, r) => Invoke(a)["value"] = new JObject { ["action"] = "Action.Execute" }),
        ("invoke action missing", true, (a, r) => Invoke(a)["value"] = new JObject { ["trigger"] = "manual" }),
        ("action.data as string", true, (a, r) => InvokeAction(a)["data"] = "{\"answer\":\"Confirm\"}"),
        ("action.data as number", true, (a, r) => InvokeAction(a)["data"] = 7),
        ("action.data as array", true, (a, r) => InvokeAction(a)["data"] = new JArray("a")),
        ("action.verb as number", true, (a, r) => InvokeAction(a)["verb"] = 9),
        ("action.verb as object", true, (a, r) => InvokeAction(a)["verb"] = new JObject()),
        ("action.type not Action.Execute", true, (a, r) => InvokeAction(a)["type"] = "Action.Submit"),
        ("action.type as number", true, (a, r) => InvokeAction(a)["type"] = 1),
        // Tolerated: well-formed, only odd. The bot answers (or ignores) them; they must never end a turn in the error handler.
        ("odd text", false, (a, r) => a["text"] = OddTexts[r.Next(OddTexts.Length)]),
        ("odd name", false, (a, r) => Obj(a, "from")["name"] = OddNames[r.Next(OddNames.Length)]),
        ("odd team name", false, (a, r) => ChannelData(a)["team"] = new JObject { ["id"] = TeamsActivities.TeamId, ["name"] = OddNames[r.Next(OddNames.Length)] }),
        ("odd locale", false, (a, r) => a["locale"] = "\u001b[31mxx-XX"),
        ("text missing", false, (a, r) => a.Remove("text")),
        ("text null", false, (a, r) => a["text"] = null),
        ("message value as string", false, (a, r) => Message(a)["value"] = "not an object"),
        ("message value as number", false, (a, r) => Message(a)["value"] = 12),
        ("message value as array", false, (a, r) => Message(a)["value"] = new JArray(1, "two")),
        ("message value answer as object", false, (a, r) => Message(a)["value"] = new JObject { ["answer"] = new JObject(), ["promptId"] = 4 }),
        ("message value with an old promptId", false, (a, r) => Message(a)["value"] = new JObject { ["answer"] = "Confirm", ["promptId"] = "p-old" }),
        ("attachment only", false, (a, r) => { a.Remove("text"); a["attachments"] = new JArray(new JObject { ["contentType"] = "image/png", ["contentUrl"] = "https://example.invalid/cat.png" }); }),
        ("unknown activity type", false, (a, r) => a["type"] = r.Next(3) switch { 0 => "messageReaction", 1 => "typing", _ => "somethingNew" }),
        ("unknown installation action", false, (a, r) => a["action"] = "frobnicate"),
        ("unknown eventType", false, (a, r) => ChannelData(a)["eventType"] = "teamArchived"),
        ("extra members", false, (a, r) => { a["x-extra"] = new JObject { ["nested"] = new JArray(1, 2, 3) }; Obj(a, "conversation")["extra"] = true; }),
        ("recipient name missing", false, (a, r) => Obj(a, "recipient").Remove("name")),
        ("aadObjectId missing", false, (a, r) => Obj(a, "from").Remove("aadObjectId")),
        ("aadObjectId of someone unknown", false, (a, r) => Obj(a, "from")["aadObjectId"] = Guid.NewGuid().ToString()),
        ("tenant missing", false, (a, r) => ChannelData(a).Remove("tenant")),
        ("channelData missing", false, (a, r) => a.Remove("channelData")),
        ("conversation id long but within the limit", false, (a, r) => Obj(a, "conversation")["id"] = "19:" + new string('k', 300) + "@thread.tacv2"),
        ("mention of the bot", false, (a, r) =>
        {
            a["text"] = "<at>CHEXS Bot</at> " + OddTexts[r.Next(OddTexts.Length)];
            a["entities"] = new JArray(new JObject
            {
                ["type"] = "mention", ["text"] = "<at>CHEXS Bot</at>", ["mentioned"] = new JObject { ["id"] = TeamsActivities.BotId, ["name"] = "CHEXS Bot" },
            });
        }),
        ("mention with regex characters", false, (a, r) =>
        {
            a["text"] = "<at>(.*)+[</at> hi";
            a["entities"] = new JArray(new JObject
            {
                ["type"] = "mention", ["text"] = "<at>(.*)+[</at>", ["mentioned"] = new JObject { ["id"] = TeamsActivities.BotId, ["name"] = "(.*)+[" },
            });
        }),
        ("membersAdded someone else", false, (a, r) => a["membersAdded"] = new JArray(new JObject { ["id"] = "29:new-member-" + r.Next(1000), ["aadObjectId"] = Guid.NewGuid().ToString() })),
        ("membersRemoved the bot", false, (a, r) => a["membersRemoved"] = new JArray(new JObject { ["id"] = TeamsActivities.BotId })),
        ("not expecting replies", false, (a, r) => a.Remove("deliveryMode")),
    ];

    /// <summary>Whole-body mutations: the bytes or the content type, not the activity's members.</summary>
    private readonly (string Name, Func<string, Random, (byte[] Body, string? ContentType)> Apply)[] _wireMutations =
    [
        ("trailing junk", (b, r) => (Utf8(b + (r.Next(3) switch { 0 => "}", 1 => " garbage", _ => "{\"type\":\"message\"}" })), Json)),
        ("a comment", (b, r) => (Utf8("/* hello */" + b), Json)),
        ("duplicate member", (b, r) => (Utf8("{\"x-dup\":1,\"x-dup\":2," + b[1..]), Json)),
        ("truncated", (b, r) => (Utf8(b[..r.Next(1, b.Length - 1)]), Json)),
        ("not JSON", (b, r) => (Utf8("type=message&text=help"), Json)),
        ("empty body", (b, r) => ([], Json)),
        ("JSON array", (b, r) => (Utf8("[" + b + "]"), Json)),
        ("JSON string", (b, r) => (Utf8(JsonConvert.ToString(b)), Json)),
        ("single quotes", (b, r) => (Utf8(b.Replace('"', '\'')), Json)),
        ("deep nesting", (b, r) => (Utf8(b[..^1] + ",\"x-deep\":" + new string('[', 200) + new string(']', 200) + "}"), Json)),
        ("number past double", (b, r) => (Utf8(b[..^1] + ",\"x-numbers\":{\"n\":1e999,\"big\":123456789012345678901234567890}}"), Json)),
        ("lone surrogate", (b, r) => (Utf8(b[..^1] + ",\"x-note\":\"\\ud800 help\"}"), Json)),
        ("invalid UTF-8", (b, r) => ([.. Utf8(b[..^1] + ",\"x-summary\":\""), 0xff, 0xfe, 0xc3, .. Utf8("\"}")], Json)),
        ("oversize", (b, r) => (Utf8(b[..^1] + ",\"summary\":\"" + new string('z', 300 * 1024) + "\"}"), Json)),
        ("text/plain", (b, r) => (Utf8(b), "text/plain")),
        ("form content type", (b, r) => (Utf8(b), "application/x-www-form-urlencoded")),
        ("no content type", (b, r) => (Utf8(b), null)),
        ("JSON with another charset", (b, r) => (Encoding.Unicode.GetBytes(b), "application/json; charset=utf-16")),
        ("JSON-ish content type", (b, r) => (Utf8(b), "application/jsonp")),
    ];

    private const string Json = "application/json";

    public FuzzCase Next()
    {
        var (kind, activity, inBooking) = Base();
        var names = new List<string> { kind };
        var refuse = false;
        var count = 1 + _random.Next(3);
        // Half the cases are only odd (well-formed), so the handlers get their share too.
        var toleratedOnly = _random.Next(2) == 0;
        var candidates = _mutations.Where(m => (!toleratedOnly || !m.Refuse) && !(inBooking && AnswersSomething.Contains(m.Name))).ToArray();
        // Tolerated mutations first (a type change first of all, then those that take the text away, so a mention added
        // later keeps its text), refusals last, so no later mutation undoes a refusal.
        var chosen = Enumerable.Range(0, count).Select(_ => candidates[_random.Next(candidates.Length)])
            .OrderBy(m => m.Refuse ? 1 : 0)
            .ThenBy(m => m.Name == "unknown activity type" ? 0 : m.Name is "text missing" or "text null" or "attachment only" ? 1 : 2).ToList();
        foreach (var m in chosen)
        {
            m.Apply(activity, _random);
            names.Add(m.Name);
            refuse |= m.Refuse;
        }
        var conversationId = (activity["conversation"] as JObject)?["id"]?.Type == JTokenType.String ? (string)activity["conversation"]!["id"]! : "";
        var body = activity.ToString(Formatting.None);
        if (_random.Next(6) == 0)
        {
            var w = _wireMutations[_random.Next(_wireMutations.Length)];
            var (bytes, contentType) = w.Apply(body, _random);
            names.Add(w.Name);
            return new FuzzCase(string.Join(" + ", names), bytes, contentType, true, conversationId);
        }
        return new FuzzCase(string.Join(" + ", names), Utf8(body), Json, refuse, conversationId);
    }

    /// <summary>A well-formed activity of one of the kinds Teams sends; a quarter of them in the booking conversation.</summary>
    private (string Kind, JObject Activity, bool InBooking) Base()
    {
        var inBooking = _random.Next(4) == 0;
        var conversationId = inBooking ? bookingConversationId : _random.Next(3) switch
        {
            0 => TeamsActivities.PersonalConversationId("fuzz-" + _random.Next(20)),
            1 => TeamsActivities.TeamId,
            _ => TeamsActivities.GroupChatId,
        };
        var type = inBooking ? "personal" : conversationId.StartsWith("a:", StringComparison.Ordinal) ? "personal" : conversationId == TeamsActivities.TeamId ? "channel" : "groupChat";
        JObject activity;
        string kind;
        switch (_random.Next(inBooking ? 2 : 5))
        {
            case 0:
                kind = "message";
                var texts = inBooking ? UnreadableTexts : OddTexts;
                activity = TeamsActivities.Message(texts[_random.Next(texts.Length)], conversationId, type, expectReplies: _random.Next(3) > 0);
                break;
            case 1:
                kind = "card click";
                activity = TeamsActivities.Message("", conversationId, type, expectReplies: false);
                activity["type"] = "invoke";
                activity["name"] = "adaptiveCard/action";
                activity.Remove("text");
                activity["replyToId"] = "card-" + _random.Next(100);
                var data = new JObject { ["sessionId"] = "S-" + _random.Next(99999) };
                if (_random.Next(2) == 0) data["promptId"] = "p-" + _random.Next(10);
                activity["value"] = new JObject
                {
                    ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = Verbs[_random.Next(Verbs.Length)], ["data"] = data },
                    ["trigger"] = "manual",
                };
                break;
            case 2:
                kind = "conversationUpdate";
                activity = TeamsActivities.TeamInstallation("add", conversationId == TeamsActivities.TeamId ? TeamsActivities.TeamId : TeamsActivities.ManagersChannelId);
                activity["type"] = "conversationUpdate";
                activity.Remove("action");
                ((JObject)activity["channelData"]!)["eventType"] = "teamMemberAdded";
                activity["membersAdded"] = new JArray(new JObject { ["id"] = _random.Next(2) == 0 ? TeamsActivities.BotId : "29:someone-" + _random.Next(100) });
                break;
            case 3:
                kind = "installationUpdate (team)";
                activity = TeamsActivities.TeamInstallation(_random.Next(3) == 0 ? "remove" : "add");
                break;
            default:
                kind = "installationUpdate (chat)";
                activity = _random.Next(2) == 0 ? TeamsActivities.GroupChatInstallation("add") : TeamsActivities.PersonalInstallation(_random.Next(2) == 0 ? "add" : "remove");
                break;
        }
        activity["serviceUrl"] = serviceUrl;
        if (!inBooking && _random.Next(3) == 0)
        {
            // Someone who is not staff, or nobody the directory knows.
            activity["from"]!["aadObjectId"] = _random.Next(2) == 0 ? "00000000-0000-0000-0000-00000000c001" : Guid.NewGuid().ToString();
        }
        // A personal installationUpdate is in Alex's chat too, which is where the booking is.
        return (kind, activity, (string?)activity["conversation"]?["id"] == bookingConversationId);
    }

    private static JObject ChannelData(JObject a) => Obj(a, "channelData");

    /// <summary>The member as an object, made one if an earlier mutation replaced or removed it.</summary>
    private static JObject Obj(JObject a, string name)
    {
        if (a[name] is JObject o) return o;
        var made = new JObject();
        a[name] = made;
        return made;
    }

    /// <summary>The activity as a message (a card click's value has rules of its own).</summary>
    private static JObject Message(JObject a)
    {
        a["type"] = "message";
        a.Remove("name");
        return a;
    }

    private static JObject Invoke(JObject a)
    {
        a["type"] = "invoke";
        a["name"] = "adaptiveCard/action";
        return a;
    }

    private static JObject InvokeAction(JObject a)
    {
        Invoke(a);
        if (a["value"] is not JObject value) a["value"] = value = new JObject();
        if (value["action"] is not JObject action) value["action"] = action = new JObject { ["type"] = "Action.Execute", ["verb"] = "x" };
        return action;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
