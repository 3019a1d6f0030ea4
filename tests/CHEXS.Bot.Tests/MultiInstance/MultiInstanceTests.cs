using Chexs.Bot.Graph;
using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Sessions;
using Chexs.Bot.Storage;
using Chexs.Bot.Tests.Conversations;
using Chexs.Bot.Tests.StorageEngines;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.MultiInstance;

/// <summary>
/// Issue 13's proof: two bot instances on one PostgreSQL database are exactly as safe as one. People talk to
/// either instance (a conversation started on one goes on on the other), approvals clicked on both at once are
/// decided once, every outbox row is sent once, and an instance killed in the middle of a sending pass leaves
/// its work to the other after the claim's lease (Storage:ClaimLease) — never to be done twice where the vendor
/// lets us check (guardian e-mail: Sent Items), and at most once more where it does not (a Teams post).
/// Time is the fake clock's; nothing waits on the wall clock for correctness.
/// </summary>
public sealed class MultiInstanceTests
{
    private const string BookingLine = "book session growth with Sam Patel tomorrow 4pm for 45 min";
    private const string GroupLine = "book session growth with Sam Patel and Sami Patil next Monday at 10 for 45 min";
    private static readonly TimeSpan Lease = new StorageOptions().ClaimLease;
    /// <summary>The 24-hours-before reminders of the one-to-one (Thursday 26 November, 16:00).</summary>
    private static readonly DateTimeOffset DayBeforeOneToOne = Safeguarding.PolicyScenario.Local(2026, 11, 25, 16);
    /// <summary>The 24-hours-before reminders of the group session (Monday 30 November, 10:00).</summary>
    private static readonly DateTimeOffset DayBeforeGroup = Safeguarding.PolicyScenario.Local(2026, 11, 29, 10);

    private static JObject CardWith(IReadOnlyList<JObject> replies, string button) =>
        replies.Select(r => r["attachments"]?.FirstOrDefault()?["content"] as JObject)
            .FirstOrDefault(c => c is not null && c.Descendants().OfType<JObject>().Any(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == button))
        ?? throw new Xunit.Sdk.XunitException($"No card with \"{button}\" in: {string.Join(" | ", replies.Select(r => r.ToString(Newtonsoft.Json.Formatting.None)))}");

    private static string Text(JObject invokeResponse) => invokeResponse.ToString(Newtonsoft.Json.Formatting.None);

    /// <summary>A one-to-one booked on A and confirmed on B; a group session asked for on B, sent for approval on A.</summary>
    private static async Task<(Session OneToOne, Session Group, JObject ApprovalCard)> BookThroughBothAsync(TwoInstances bots)
    {
        var teams = bots.Teams.ServiceUrl;
        var summary = CardWith(await bots.A.SayAsync(BookingLine, teams), "Confirm");
        await bots.B.ClickAsync(summary, "Confirm", Person.Alex, teams);

        var request = CardWith(await bots.B.SayAsync(GroupLine, teams), "Send for approval");
        await bots.A.ClickAsync(request, "Send for approval", Person.Alex, teams);

        var sessions = (await bots.A.Get<ISessionRepository>().AllAsync()).OrderBy(s => s.Start).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal((SessionKind.OneToOne, SessionStatus.Scheduled), (sessions[0].Kind, sessions[0].Status));
        Assert.Equal((SessionKind.Group, SessionStatus.AwaitingApproval), (sessions[1].Kind, sessions[1].Status));
        var approval = Assert.Single(await bots.A.Get<IStaffNoticeOutbox>().AllAsync(), n => n.CardJson is not null && n.Records.Contains(sessions[1].Id));
        return (sessions[0], sessions[1], JObject.Parse(approval.CardJson!));
    }

    [Theory, OnPostgreSql]
    public async Task Two_instances_on_one_database_decide_each_approval_once_and_send_everything_once_even_when_one_is_killed_mid_send(StorageEngine engine)
    {
        Assert.Equal(StorageEngine.PostgreSql, engine);
        await using var bots = await TwoInstances.StartAsync();
        var teams = bots.Teams.ServiceUrl;
        var (oneToOne, group, approvalCard) = await BookThroughBothAsync(bots);

        // Morgan (on A) and Jordan (on B) click Approve at the same moment: one decision, and both see it.
        var clicks = await Task.WhenAll(
            bots.A.ClickAsync(approvalCard, "Confirm approval", Person.Morgan, teams),
            bots.B.ClickAsync(approvalCard, "Confirm approval", Person.Jordan, teams));
        var decided = (await bots.A.Get<ISessionRepository>().FindAsync(group.Id))!;
        Assert.Equal(SessionStatus.Scheduled, decided.Status);
        var decider = decided.Approval!.DecidedByName;
        Assert.Contains(decider, new[] { Person.Morgan.Name, Person.Jordan.Name });
        Assert.All(clicks, c => Assert.Contains($"Approved: group session {group.Id}", Text(c)));
        Assert.All(clicks, c => Assert.Contains(decider!, Text(c)));   // the second click is shown the first one's decision
        var audit = await bots.A.Get<IAuditTrail>().AllAsync();
        Assert.Equal(2, audit.Count(e => e.Action == "session.booked"));
        Assert.DoesNotContain(audit, e => e.Action == "booking.not_made");   // the loser never made (and deleted) a meeting
        Assert.Equal(2, bots.Zoom.For("create").Count());
        Assert.Empty(bots.Zoom.For("delete"));

        // Staff notices (the approval request, the host's confirmations, the requester's news) and the calendar:
        // both instances run their passes at once; each row goes out once.
        var notices = bots.A.Get<IStaffNoticeOutbox>();
        var owed = (await notices.AllAsync()).Count(n => n.SentAt is null);
        var postedBefore = bots.Teams.Sent.Count;
        await Task.WhenAll(bots.A.SendNoticesAsync(), bots.B.SendNoticesAsync());
        Assert.True(owed >= 3, $"expected the approval request and at least two notices to Alex, found {owed}");
        Assert.Equal(owed, bots.Teams.Sent.Count - postedBefore);
        Assert.All(await notices.AllAsync(), n => Assert.NotNull(n.SentAt));

        await Task.WhenAll(bots.A.SendCalendarChangesAsync(), bots.B.SendCalendarChangesAsync());
        Assert.All(await bots.A.Get<IHostCalendarChanges>().AllAsync(), c => Assert.Equal(CalendarChangeStatus.Done, c.Status));
        Assert.Equal(2, bots.Vendors.CalendarCalls.Count(c => c.Call == "create"));
        Assert.Equal(2, bots.Vendors.Events.Count);

        // The one-to-one's 24-hours-before reminders fall due; both instances look at once; each goes once.
        bots.Advance(DayBeforeOneToOne - bots.Clock.GetUtcNow());
        postedBefore = bots.Teams.Sent.Count;
        var sent = await Task.WhenAll(bots.A.SendRemindersAsync(), bots.B.SendRemindersAsync());
        Assert.Equal(2, sent.Sum());
        Assert.Equal(2, bots.Teams.Sent.Count - postedBefore);
        Assert.Equal(2, (await bots.A.Get<ReminderStore>().ForSessionAsync(oneToOne.Id)).Count(r => r.Status == ReminderStatus.Sent));

        // Guardian e-mails: B is killed in the middle of its sending pass, right after the mailbox took one message.
        var outbox = bots.A.Get<IGuardianEmailOutbox>();
        var rows = (await outbox.AllAsync()).Where(r => r.Status == OutboxStatus.Pending).ToList();
        Assert.Equal(5, rows.Count); // Sam Patel's two guardians, twice; Sami Patil's one
        bots.B.Kill();
        _ = bots.B.SendGuardianEmailsAsync(); // never finishes: the instance is frozen for good once the mailbox has its message
        await bots.B.LastWords.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var orphan = Assert.Single(bots.Vendors.Mail).MessageKey;
        await bots.B.DisposeAsync();

        // A sends the rest, but leaves the row B claimed alone while B's claim lasts (B might only be slow).
        await bots.A.SendGuardianEmailsAsync();
        bots.Advance(Lease - TimeSpan.FromSeconds(1));
        await bots.A.SendGuardianEmailsAsync();
        Assert.Equal(5, bots.Vendors.Mail.Count);
        var held = (await outbox.AllAsync()).Single(r => r.MessageKey == orphan);
        Assert.Equal((OutboxStatus.Pending, true), (held.Status, held.MaybeSent));

        // After the lease A takes the row over, finds B's message in Sent Items, and does not send it again.
        bots.Advance(OutboxTiming.ConfirmDelay + TimeSpan.FromSeconds(2));
        await bots.A.SendGuardianEmailsAsync();
        Assert.All(await outbox.AllAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.True((await outbox.AllAsync()).Single(r => r.MessageKey == orphan).FoundInSentItems);
        Assert.Equal(5, bots.Vendors.Mail.Count);
        Assert.All(bots.Vendors.Mail.GroupBy(m => m.MessageKey), g => Assert.Single(g));

        // The group session's reminders fall due with only A left: they go, once each.
        bots.Advance(DayBeforeGroup - bots.Clock.GetUtcNow());
        postedBefore = bots.Teams.Sent.Count;
        Assert.Equal(2, await bots.A.SendRemindersAsync());
        Assert.Equal(0, await bots.A.SendRemindersAsync());
        Assert.Equal(2, bots.Teams.Sent.Count - postedBefore);
    }

    [Theory, OnPostgreSql]
    public async Task A_reminder_whose_instance_was_killed_as_Teams_took_it_is_sent_again_only_after_the_lease(StorageEngine engine)
    {
        Assert.Equal(StorageEngine.PostgreSql, engine);
        await using var bots = await TwoInstances.StartAsync();
        var summary = CardWith(await bots.A.SayAsync(BookingLine, bots.Teams.ServiceUrl), "Confirm");
        await bots.A.ClickAsync(summary, "Confirm", Person.Alex, bots.Teams.ServiceUrl);
        var session = Assert.Single(await bots.A.Get<ISessionRepository>().AllAsync());
        bots.Advance(DayBeforeOneToOne - bots.Clock.GetUtcNow());

        // B posts the first due reminder; Teams has it; B dies before it can write "sent".
        var postedBefore = bots.Teams.Sent.Count;
        bots.B.Kill();
        _ = bots.B.SendRemindersAsync();
        await bots.B.LastWords.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await bots.B.DisposeAsync();
        var reminders = bots.A.Get<ReminderStore>();
        var interrupted = Assert.Single(await reminders.ForSessionAsync(session.Id), r => r.Status == ReminderStatus.Sending);

        // While B's claim lasts, A sends the other reminder only.
        Assert.Equal(1, await bots.A.SendRemindersAsync());
        bots.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await bots.A.SendRemindersAsync());
        Assert.Equal(2, bots.Teams.Sent.Count - postedBefore);

        // Teams has no idempotency key and the bot cannot read a channel back: after the lease the interrupted
        // reminder is sent again — the one documented repeat per killed instance, rather than a lost reminder.
        bots.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await bots.A.SendRemindersAsync());
        Assert.Equal(0, await bots.A.SendRemindersAsync());
        Assert.Equal(3, bots.Teams.Sent.Count - postedBefore);
        Assert.Equal(ReminderStatus.Sent, (await reminders.FindAsync(interrupted.Id))!.Status);
        Assert.All(await reminders.ForSessionAsync(session.Id), r => Assert.NotEqual(ReminderStatus.Sending, r.Status));
    }

    [Theory, OnPostgreSql]
    public async Task Two_bookings_of_one_host_at_overlapping_times_on_two_instances_at_once_make_one_session_D1(StorageEngine engine)
    {
        Assert.Equal(StorageEngine.PostgreSql, engine);
        await using var bots = await TwoInstances.StartAsync();
        var start = Safeguarding.PolicyScenario.Local(2026, 11, 26, 16);
        BookingRequest Request(string pupil) => new(SessionIds.New(), Programme.Growth, [pupil], start, 45, SessionKind.OneToOne, Person.Alex.AadObjectId, Person.Alex.AadObjectId);
        var pupils = (await bots.A.Get<IPupilRepository>().AllAsync()).Where(p => p.LastName is "Patel" or "Patil").Select(p => p.Id).Take(2).ToList();
        Assert.Equal(2, pupils.Count);

        var outcomes = await Task.WhenAll(
            new Support.Bookings(bots.A.Services).BookAsync(Request(pupils[0]), CancellationToken.None),
            new Support.Bookings(bots.B.Services).BookAsync(Request(pupils[1]), CancellationToken.None));

        Assert.Single(outcomes, o => o is BookingOutcome.Booked);
        var refused = Assert.Single(outcomes, o => o is not BookingOutcome.Booked);
        var why = refused switch
        {
            BookingOutcome.Blocked b => string.Join(" ", b.Verdict.Findings.Select(f => f.RuleId)),
            BookingOutcome.NotMade n => n.Reason,
            _ => refused.ToString(),
        };
        Assert.Contains("D1", why);
        Assert.Single(await bots.A.Get<ISessionRepository>().AllAsync(), s => s.Status == SessionStatus.Scheduled);
        // A meeting made for the refused booking (if it got that far) is gone again.
        Assert.Single(bots.Zoom.Meetings);
    }
}
