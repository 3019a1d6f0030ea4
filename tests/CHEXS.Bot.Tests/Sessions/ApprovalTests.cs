using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Chexs.Bot.Tests.Zoom;
using Chexs.Bot.Zoom;
using Newtonsoft.Json.Linq;
using static Chexs.Bot.Tests.Sessions.SessionWorld;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>
/// Group sessions (P10): requested, sent to a manager, and made only when a manager other than the
/// requester and the host approves — once, however many clicks.
/// </summary>
public sealed class ApprovalTests
{
    private static async Task<Session> RequestAsync(SessionWorld w, BookingRequest? request = null)
    {
        var outcome = await w.Booking.BookAsync(request ?? Group(), CancellationToken.None);
        return Assert.IsType<BookingOutcome.AwaitingApproval>(outcome).Session;
    }

    private static Task<ApprovalOutcome> Decide(SessionWorld w, string sessionId, string who, bool approve, string? reason = null) =>
        w.Booking.DecideAsync(sessionId, who, Name(who), approve, reason, CancellationToken.None);

    private static string Name(string who) => who switch
    {
        Morgan => "Morgan Manager",
        Jordan => "Jordan Lead",
        Alex => "Alex Host",
        _ => "Casey Visitor",
    };

    [Fact]
    public async Task A_group_request_goes_to_the_line_manager_as_an_approval_card_and_nothing_reaches_Zoom_or_guardians()
    {
        await using var w = await StartAsync();
        var request = Group();

        var outcome = await w.Booking.BookAsync(request, CancellationToken.None);

        var waiting = Assert.IsType<BookingOutcome.AwaitingApproval>(outcome);
        Assert.Equal("Morgan Manager", waiting.ApproverName);
        var session = w.Session(request.SessionId)!;
        Assert.Equal(SessionStatus.AwaitingApproval, session.Status);
        Assert.Null(session.Meeting);
        Assert.Null(session.Approval);
        Assert.True(session.AdultPresenceRequired); // Jo is 12 (P9)

        var notice = Assert.Single(w.Db.Notices.FindAll());
        Assert.Equal(Morgan, notice.Recipient);
        Assert.Equal(new[] { request.SessionId }, notice.Records);
        var card = JObject.Parse(notice.CardJson!);
        var json = card.ToString();
        Assert.Contains("Group session needs approval", json);
        // A one-line summary first; then, in Morgan's own 1:1 chat, the pupils in full with age and school year on the date.
        Assert.Equal("Alex Host asks for a Growth Programme group session with 3 pupils, Thursday 5 November 2026, 4:00pm to 5:00pm (UK time).", Conversations.CardJson.Text(card).Split("\n")[1]);
        var text = Conversations.CardJson.Text(card);
        Assert.Contains("Sam Patel (15, Y11", text);
        Assert.Contains("Jo Kim (12, Y8", text);
        Assert.Contains("Ria Evans (15, Y11", text);
        // One line per rule, no id written twice ("P9 P9: …"), nothing written for the booker, no P15.
        var checks = card.Descendants().OfType<JObject>().Where(o => o["title"] is not null && o["value"] is not null && ((string?)o["title"])!.Length <= 3).ToList();
        var ids = checks.Select(c => (string)c["title"]!).ToList();
        Assert.Equal(ids.Distinct().ToList(), ids);
        Assert.Contains("P9", ids);
        Assert.DoesNotContain("P15", ids);
        Assert.All(checks, c => Assert.False(((string)c["value"]!).StartsWith((string)c["title"]! + ":", StringComparison.Ordinal)));
        Assert.DoesNotContain("will say so", json); // P9's fix is for the booker, not the approver
        // Approve opens an optional comment; Reject opens the reason it needs. Neither asks for anything up front.
        var shows = card["actions"]!.Select(a => ((string?)a["type"], (string?)a["title"])).ToArray();
        Assert.Equal(new (string?, string?)[] { ("Action.ShowCard", "Approve"), ("Action.ShowCard", "Reject") }, shows);
        Assert.DoesNotContain(card["body"]!, b => ((string?)b["type"])?.StartsWith("Input.") == true);
        var approve = (JObject)card["actions"]![0]!["card"]!;
        var reject = (JObject)card["actions"]![1]!["card"]!;
        Assert.Equal("approval.approve", (string?)approve["actions"]![0]!["verb"]);
        Assert.Equal("approval.reject", (string?)reject["actions"]![0]!["verb"]);
        Assert.False((bool?)approve["body"]![0]!["isRequired"] ?? false);
        Assert.Equal(("reason", true), ((string?)reject["body"]![0]!["id"], (bool?)reject["body"]![0]!["isRequired"]));
        Assert.All(new[] { approve, reject }, c => Assert.Equal(request.SessionId, (string?)c["actions"]![0]!["data"]!["sessionId"]));

        Assert.Empty(w.Zoom.Requests);
        Assert.Empty(await w.Intents.ForSessionAsync(request.SessionId));
        Assert.Empty(w.Emails(request.SessionId));
        Assert.Empty(await w.Reminders.ForSessionAsync(request.SessionId));
        Assert.Null(w.CalendarChange(request.SessionId));
        Assert.Contains("Morgan Manager", Assert.Single(w.Audit("session.approval_requested")).Detail);
        Assert.Empty(w.Audit("session.booked"));
    }

    [Fact]
    public async Task Without_a_line_manager_the_request_goes_to_the_managers()
    {
        await using var w = await StartAsync();

        var outcome = await w.Booking.BookAsync(Group(by: Jordan), CancellationToken.None);

        Assert.Equal("the managers' channel", Assert.IsType<BookingOutcome.AwaitingApproval>(outcome).ApproverName);
        Assert.Equal(StaffNotice.Managers, Assert.Single(w.Db.Notices.FindAll()).Recipient);
    }

    [Fact]
    public async Task A_line_manager_who_hosts_the_session_could_not_decide_it_so_the_managers_are_asked()
    {
        await using var w = await StartAsync();
        var morgan = w.Db.Staff.FindById(Morgan);
        morgan.ZoomUserId = "morgan.manager@chexs.example";
        w.Db.Staff.Update(morgan);

        var outcome = await w.Booking.BookAsync(Group(host: Morgan, by: Alex), CancellationToken.None);

        Assert.Equal("the managers' channel", Assert.IsType<BookingOutcome.AwaitingApproval>(outcome).ApproverName);
        Assert.Equal(StaffNotice.Managers, Assert.Single(w.Db.Notices.FindAll()).Recipient);
    }

    [Fact]
    public async Task A_managers_approval_makes_the_booking_and_tells_the_requester()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);

        var outcome = await Decide(w, requested.Id, Morgan, approve: true);

        var approved = Assert.IsType<ApprovalOutcome.Approved>(outcome);
        var session = w.Session(requested.Id)!;
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        Assert.Equal(Morgan, session.Approval!.DecidedBy);
        Assert.Equal("Morgan Manager", session.Approval.DecidedByName);
        Assert.True(session.Approval.Approved);
        Assert.Equal(Now, session.Approval.DecidedAt);
        Assert.Equal(session.Meeting!.MeetingId, approved.Session.Meeting!.MeetingId);
        Assert.Equal(session.Meeting.MeetingId, Assert.Single(w.Zoom.Meetings).Key);
        Assert.Single(w.Zoom.For("create"));
        Assert.Equal(ZoomIntentState.Completed, Assert.Single(await w.Intents.ForSessionAsync(requested.Id)).State);

        var emails = w.Emails(requested.Id);
        Assert.Equal(new[] { Sam, Jo, Ria }, emails.Select(e => e.PupilId).Order().ToArray());
        Assert.All(emails, e => Assert.Equal(InvitationKind.Invitation, e.Kind));
        Assert.Contains(emails, e => e.PupilId == Jo && e.TextBody.Contains("adult", StringComparison.OrdinalIgnoreCase)); // P9
        Assert.Equal(4, w.PendingReminders(requested.Id).Count);
        Assert.NotNull(w.CalendarChange(requested.Id));

        // The requester hears who approved it, and (as host) gets the confirmation card — never the passcode or a link.
        var told = Assert.Single(w.NoticesTo(Alex), n => n.CardJson is null);
        Assert.Contains("was approved by Morgan Manager", told.Text);
        Assert.DoesNotContain(session.Meeting.Passcode, told.Text);
        Assert.DoesNotContain("http", told.Text);
        var confirmation = Assert.Single(w.NoticesTo(Alex), n => n.CardJson is not null);
        Assert.DoesNotContain(session.Meeting.Passcode, confirmation.CardJson);
        Assert.DoesNotContain(session.Meeting.JoinUrl, confirmation.CardJson);
        Assert.Equal(Morgan, Assert.Single(w.Audit("session.booked")).Actor);
    }

    [Theory]
    [InlineData(Casey)] // neither staff nor manager
    [InlineData(Alex)]  // staff, not a manager
    public async Task Someone_who_is_not_a_manager_cannot_decide(string who)
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);

        var approve = await Decide(w, requested.Id, who, approve: true);
        var reject = await Decide(w, requested.Id, who, approve: false, reason: "no");

        Assert.StartsWith("P10: only a CHEXS manager", Assert.IsType<ApprovalOutcome.Refused>(approve).Reason);
        Assert.IsType<ApprovalOutcome.Refused>(reject);
        await AssertStillWaiting(w, requested.Id);
    }

    [Fact]
    public async Task A_manager_cannot_approve_a_group_session_they_asked_for()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w, Group(by: Jordan));

        var own = await Decide(w, requested.Id, Jordan, approve: true);

        Assert.Contains("nobody approves their own booking", Assert.IsType<ApprovalOutcome.Refused>(own).Reason);
        await AssertStillWaiting(w, requested.Id);
        Assert.IsType<ApprovalOutcome.Approved>(await Decide(w, requested.Id, Morgan, approve: true));
    }

    [Fact]
    public async Task A_manager_cannot_approve_a_group_session_they_host()
    {
        await using var w = await StartAsync();
        var morgan = w.Db.Staff.FindById(Morgan);
        morgan.ZoomUserId = FakeZoomServer.HostUser;
        w.Db.Staff.Update(morgan);
        var requested = await RequestAsync(w, Group(host: Morgan, by: Alex));

        var own = await Decide(w, requested.Id, Morgan, approve: true);

        Assert.Contains("nobody approves their own booking", Assert.IsType<ApprovalOutcome.Refused>(own).Reason);
        await AssertStillWaiting(w, requested.Id);
        Assert.IsType<ApprovalOutcome.Approved>(await Decide(w, requested.Id, Jordan, approve: true));
    }

    [Fact]
    public async Task A_second_click_or_a_second_manager_sees_the_decision_and_only_one_meeting_is_made()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);

        var first = await Decide(w, requested.Id, Morgan, approve: true);
        var again = await Decide(w, requested.Id, Morgan, approve: true);
        var other = await Decide(w, requested.Id, Jordan, approve: true);
        var lateReject = await Decide(w, requested.Id, Jordan, approve: false, reason: "too late");

        Assert.IsType<ApprovalOutcome.Approved>(first);
        foreach (var later in new[] { again, other, lateReject })
        {
            var decided = Assert.IsType<ApprovalOutcome.AlreadyDecided>(later);
            Assert.Equal(SessionStatus.Scheduled, decided.Session.Status);
            Assert.Equal(Morgan, decided.Session.Approval!.DecidedBy);
        }
        Assert.Single(w.Zoom.For("create"));
        Assert.Single(w.Zoom.Meetings);
        Assert.Equal(3, w.Emails(requested.Id).Count);
        Assert.Single(w.Audit("session.booked"));
        Assert.Single(w.NoticesTo(Alex), n => n.CardJson is null);
    }

    [Fact]
    public async Task Two_managers_clicking_approve_at_once_make_one_decision()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);

        var outcomes = await Task.WhenAll(
            Decide(w, requested.Id, Morgan, approve: true),
            Decide(w, requested.Id, Jordan, approve: true),
            Decide(w, requested.Id, Morgan, approve: true));

        var winner = Assert.Single(outcomes.OfType<ApprovalOutcome.Approved>());
        Assert.Equal(2, outcomes.OfType<ApprovalOutcome.AlreadyDecided>().Count());
        Assert.Single(w.Zoom.For("create"));
        Assert.Equal(winner.Session.Approval!.DecidedBy, w.Session(requested.Id)!.Approval!.DecidedBy);
        Assert.Equal(3, w.Emails(requested.Id).Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Rejecting_needs_a_reason(string? reason)
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);

        var outcome = await Decide(w, requested.Id, Morgan, approve: false, reason);

        Assert.Contains("give a reason", Assert.IsType<ApprovalOutcome.Refused>(outcome).Reason);
        await AssertStillWaiting(w, requested.Id);
    }

    [Fact]
    public async Task A_rejection_with_a_reason_ends_the_request_and_tells_the_requester()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);

        var outcome = await Decide(w, requested.Id, Morgan, approve: false, reason: "  Please add a co-host first.  ");

        var rejected = Assert.IsType<ApprovalOutcome.Rejected>(outcome);
        var session = w.Session(requested.Id)!;
        Assert.Equal(SessionStatus.Rejected, session.Status);
        Assert.False(session.Approval!.Approved);
        Assert.Equal("Please add a co-host first.", session.Approval.Reason);
        Assert.Equal(SessionStatus.Rejected, rejected.Session.Status);
        Assert.Contains("was not approved by Morgan Manager: Please add a co-host first.", Assert.Single(w.NoticesTo(Alex)).Text);
        Assert.Contains("Please add a co-host first.", Assert.Single(w.Audit("session.rejected")).Detail);
        Assert.Empty(w.Zoom.Requests);
        Assert.Empty(w.Emails(requested.Id));

        // Rejection ends the booking: a later approval changes nothing.
        Assert.IsType<ApprovalOutcome.AlreadyDecided>(await Decide(w, requested.Id, Jordan, approve: true));
        Assert.Empty(w.Zoom.Requests);
        Assert.Equal(SessionStatus.Rejected, w.Session(requested.Id)!.Status);
    }

    [Fact]
    public async Task An_approval_Zoom_cannot_carry_out_leaves_the_request_open_for_another_try()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);
        w.Zoom.Script("create", Fault.ServerError(500));

        var failed = await Decide(w, requested.Id, Morgan, approve: true);

        var notMade = Assert.IsType<ApprovalOutcome.NotMade>(failed);
        Assert.Contains("NOT booked", notMade.Reason);
        Assert.Equal(SessionStatus.AwaitingApproval, notMade.Session.Status);
        await AssertStillWaiting(w, requested.Id, zoomCalls: 1);
        Assert.Empty(w.NoticesTo(Alex));

        Assert.IsType<ApprovalOutcome.Approved>(await Decide(w, requested.Id, Morgan, approve: true));
        Assert.Equal(SessionStatus.Scheduled, w.Session(requested.Id)!.Status);
    }

    [Fact]
    public async Task An_approval_after_a_consent_was_withdrawn_is_not_made_and_says_why()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);
        await w.Bot.Get<ConsentWithdrawals>().WithdrawAsync($"C-{Jo}-2026", Morgan, "guardian phoned", Now);

        var outcome = await Decide(w, requested.Id, Morgan, approve: true);

        var notMade = Assert.IsType<ApprovalOutcome.NotMade>(outcome);
        Assert.Contains("P4: no consent covers J.K.", notMade.Reason);
        await AssertStillWaiting(w, requested.Id);
    }

    [Fact]
    public async Task A_consent_withdrawn_while_Zoom_makes_the_approved_meeting_stops_the_booking_and_the_meeting_is_deleted()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);
        w.Hooks.AfterCreate = async () =>
        {
            await w.Bot.Get<ConsentWithdrawals>().WithdrawAsync($"C-{Jo}-2026", "import:consents.csv", "guardian phoned", Now);
        };

        var outcome = await Decide(w, requested.Id, Morgan, approve: true);

        var notMade = Assert.IsType<ApprovalOutcome.NotMade>(outcome);
        Assert.Contains("P4", notMade.Reason);
        var session = w.Session(requested.Id)!;
        Assert.Equal(SessionStatus.AwaitingApproval, session.Status);
        Assert.Null(session.Meeting);
        Assert.NotNull(session.Flag); // what the withdrawal wrote is kept
        Assert.Empty(w.Emails(requested.Id));
        Assert.Empty(await w.Reminders.ForSessionAsync(requested.Id));
        Assert.Empty(w.Zoom.Meetings);
        Assert.Single(w.Zoom.For("delete"));
        Assert.Equal(ZoomIntentState.Abandoned, Assert.Single(await w.Intents.ForSessionAsync(requested.Id)).State);
    }

    [Fact]
    public async Task A_request_cancelled_while_Zoom_makes_the_approved_meeting_stays_cancelled()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);
        w.Hooks.AfterCreate = async () =>
        {
            // As a consent withdrawal or another writer would, without the booking's per-session lock.
            await w.Bot.Get<CancelSession>().CancelAsync(w.Session(requested.Id)!, "Host off sick", Alex);
        };

        var outcome = await Decide(w, requested.Id, Morgan, approve: true);

        var notMade = Assert.IsType<ApprovalOutcome.NotMade>(outcome);
        Assert.Contains("cancelled", notMade.Reason);
        Assert.Equal(SessionStatus.Cancelled, w.Session(requested.Id)!.Status);
        Assert.Empty(w.Emails(requested.Id));
        Assert.Empty(w.Zoom.Meetings);
        Assert.Empty(w.NoticesTo(Alex));
    }

    [Fact]
    public async Task An_approval_once_the_session_time_has_passed_books_nothing()
    {
        await using var w = await StartAsync();
        var requested = await RequestAsync(w);
        w.Clock.Advance(TimeSpan.FromDays(4)); // Friday: Thursday's session is over

        var outcome = await Decide(w, requested.Id, Morgan, approve: true);

        Assert.Contains("which has passed, so nothing was booked", Assert.IsType<ApprovalOutcome.NotMade>(outcome).Reason);
        await AssertStillWaiting(w, requested.Id);
        // It can still be closed with a reason.
        Assert.IsType<ApprovalOutcome.Rejected>(await Decide(w, requested.Id, Morgan, approve: false, reason: "Missed"));
    }

    [Fact]
    public async Task Deciding_an_unknown_session_changes_nothing()
    {
        await using var w = await StartAsync();

        var outcome = await Decide(w, "S-ZZZZZ", Morgan, approve: true);

        Assert.Contains("can't find session S-ZZZZZ", Assert.IsType<ApprovalOutcome.Refused>(outcome).Reason);
        Assert.Empty(w.Zoom.Requests);
    }

    private static async Task AssertStillWaiting(SessionWorld w, string sessionId, int zoomCalls = 0)
    {
        var session = w.Session(sessionId)!;
        Assert.Equal(SessionStatus.AwaitingApproval, session.Status);
        Assert.Null(session.Approval);
        Assert.Null(session.Meeting);
        Assert.Equal(zoomCalls, w.Zoom.For("create").Count());
        Assert.Empty(w.Zoom.Meetings);
        Assert.Empty(w.Emails(sessionId));
        Assert.Empty(await w.Reminders.ForSessionAsync(sessionId));
        Assert.Empty(w.Audit("session.booked"));
    }
}
