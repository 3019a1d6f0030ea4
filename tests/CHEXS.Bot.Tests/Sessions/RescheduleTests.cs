using System.Text.Json.Nodes;
using Chexs.Bot.Invitations;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Safeguarding.Rules;
using Chexs.Bot.Sessions;
using Chexs.Bot.Tests.Safeguarding;
using Chexs.Bot.Tests.Zoom;
using static Chexs.Bot.Tests.Sessions.SessionWorld;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>RescheduleAsync: policy re-checked, Zoom moved (PATCH at the fake), guardians told, reminders replaced — or nothing changes.</summary>
public sealed class RescheduleTests
{
    private static readonly DateTimeOffset Friday530pm = PolicyScenario.Local(2026, 11, 6, 17, 30);

    private static Task<RescheduleOutcome> Move(SessionWorld w, string id, DateTimeOffset start, int? minutes = null) =>
        w.Booking.RescheduleAsync(id, start, minutes, Alex, CancellationToken.None);

    [Fact]
    public async Task A_scheduled_session_is_moved_at_Zoom_and_guardians_who_had_the_invitation_hear_of_the_new_time()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        w.MarkEmailsSent(booked.Id);
        var oldReminders = w.PendingReminders(booked.Id).Select(r => r.Id).ToHashSet();

        var outcome = await Move(w, booked.Id, Friday530pm, 30);

        var moved = Assert.IsType<RescheduleOutcome.Moved>(outcome);
        Assert.Equal(Thursday4pm, moved.Previous.Start);
        var session = w.Session(booked.Id)!;
        Assert.Equal(Friday530pm, session.Start);
        Assert.Equal(30, session.DurationMinutes);
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        Assert.Equal(booked.Meeting!.MeetingId, session.Meeting!.MeetingId);

        var patch = Assert.Single(w.Zoom.For("update"));
        Assert.Equal("PATCH", patch.Method);
        Assert.Equal($"/v2/meetings/{booked.Meeting.MeetingId}", patch.PathAndQuery);
        var body = JsonNode.Parse(patch.Body)!.AsObject();
        Assert.Equal("2026-11-06T17:30:00", (string?)body["start_time"]);
        Assert.Equal("Europe/London", (string?)body["timezone"]);
        Assert.Equal(30, (int?)body["duration"]);

        var rescheduled = Assert.Single(w.Emails(booked.Id), e => e.Status == OutboxStatus.Pending);
        Assert.Equal(InvitationKind.Rescheduled, rescheduled.Kind);
        Assert.Contains("It was: Thursday 5 November 2026, 4:00pm", rescheduled.TextBody);
        Assert.Contains("It is now: Friday 6 November 2026, 5:30pm to 6:00pm", rescheduled.TextBody);

        var reminders = await w.Reminders.ForSessionAsync(booked.Id);
        Assert.All(reminders.Where(r => oldReminders.Contains(r.Id)), r =>
        {
            Assert.Equal(ReminderStatus.Skipped, r.Status);
            Assert.Equal("rescheduled", r.SkipReason);
        });
        var fresh = w.PendingReminders(booked.Id);
        Assert.Equal(4, fresh.Count);
        Assert.DoesNotContain(fresh, r => oldReminders.Contains(r.Id));
        Assert.Equal(new[] { Friday530pm.AddDays(-1), Friday530pm.AddMinutes(-15) }, fresh.Select(r => r.DueAt).Distinct().Order().ToArray());

        Assert.Equal(2, w.CalendarChange(booked.Id)!.Version);
        Assert.Contains("to Friday 6 November 2026, 5:30pm", Assert.Single(w.Audit("session.rescheduled")).Detail);
    }

    [Fact]
    public async Task An_invitation_not_yet_sent_is_replaced_by_one_with_the_new_time()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());

        Assert.IsType<RescheduleOutcome.Moved>(await Move(w, booked.Id, Friday530pm));

        var emails = w.Emails(booked.Id);
        Assert.Equal(OutboxStatus.Superseded, emails[0].Status);
        var current = Assert.Single(emails, e => e.Status == OutboxStatus.Pending);
        Assert.Equal(InvitationKind.Invitation, current.Kind);
        Assert.Contains("Friday 6 November 2026, 5:30pm", current.TextBody);
    }

    [Fact]
    public async Task Zoom_is_sent_the_new_local_time_across_the_clock_change()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        var summer = PolicyScenario.Local(2027, 4, 1, 16, 30); // BST: 15:30 UTC

        Assert.IsType<RescheduleOutcome.Moved>(await Move(w, booked.Id, summer));

        var body = JsonNode.Parse(Assert.Single(w.Zoom.For("update")).Body)!.AsObject();
        Assert.Equal("2027-04-01T16:30:00", (string?)body["start_time"]);
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 15, 30, 0, TimeSpan.Zero), w.Session(booked.Id)!.Start);
    }

    [Fact]
    public async Task A_move_onto_the_hosts_other_session_is_blocked_and_nothing_changes()
    {
        await using var w = await StartAsync();
        var thursday = await w.BookAsync(OneToOne(Sam));
        var friday = await w.BookAsync(OneToOne(Ria, start: Friday530pm));

        var outcome = await Move(w, friday.Id, Thursday4pm.AddMinutes(15));

        var blocked = Assert.IsType<RescheduleOutcome.Blocked>(outcome);
        Assert.Contains(blocked.Verdict.Blocks, f => f.RuleId == RuleCatalogue.DoubleBooking.Id && f.Message.Contains(thursday.Id));
        AssertUnchanged(w, friday, Friday530pm);
        Assert.Empty(w.Zoom.For("update"));
        // The boundary: ending as the other one starts is fine.
        Assert.IsType<RescheduleOutcome.Moved>(await Move(w, friday.Id, Thursday4pm.AddMinutes(-45)));
    }

    [Fact]
    public async Task A_session_moved_away_and_back_again_still_gets_its_reminders()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());

        Assert.IsType<RescheduleOutcome.Moved>(await Move(w, booked.Id, Friday530pm));
        Assert.IsType<RescheduleOutcome.Moved>(await Move(w, booked.Id, Thursday4pm));

        Assert.Equal(4, w.PendingReminders(booked.Id).Count);
    }

    [Fact]
    public async Task A_longer_session_than_G1_allows_is_blocked()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());

        var outcome = await Move(w, booked.Id, Thursday4pm, 61);

        Assert.Equal(RuleCatalogue.MaxLength.Id, Assert.Single(Assert.IsType<RescheduleOutcome.Blocked>(outcome).Verdict.Blocks).RuleId);
        AssertUnchanged(w, booked, Thursday4pm);
        Assert.Empty(w.Zoom.For("update"));
    }

    [Fact]
    public async Task When_Zoom_does_not_answer_in_time_the_session_is_not_moved()
    {
        await using var w = await StartAsync(s =>
        {
            s["Zoom:AttemptTimeout"] = "00:00:03"; // each retry must reach the fake before its attempt times out, also on a loaded machine
            s["Zoom:MaxRetries"] = "1";
        });
        var booked = await w.BookAsync(OneToOne());
        w.Zoom.Script("update", Fault.Slow(TimeSpan.FromSeconds(60)), Fault.Slow(TimeSpan.FromSeconds(60)));

        var outcome = await Move(w, booked.Id, Friday530pm);

        var refused = Assert.IsType<RescheduleOutcome.Refused>(outcome);
        Assert.Contains("did not answer in time", refused.Reason);
        Assert.Contains("NOT moved", refused.Reason);
        AssertUnchanged(w, booked, Thursday4pm);
        Assert.Equal(2, w.Zoom.For("update").Count()); // a PATCH is safe to retry
    }

    [Fact]
    public async Task When_Zoom_keeps_failing_the_session_is_not_moved()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        w.Zoom.Script("update", Fault.ServerError(503), Fault.ServerError(503), Fault.ServerError(503), Fault.ServerError(503));

        var outcome = await Move(w, booked.Id, Friday530pm);

        Assert.Contains("NOT moved", Assert.IsType<RescheduleOutcome.Refused>(outcome).Reason);
        AssertUnchanged(w, booked, Thursday4pm);
        Assert.Equal(4, w.Zoom.For("update").Count());
    }

    [Fact]
    public async Task When_Zoom_no_longer_has_the_meeting_the_session_is_not_moved()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        w.Zoom.Meetings.Clear();

        var outcome = await Move(w, booked.Id, Friday530pm);

        Assert.Contains("no longer has meeting", Assert.IsType<RescheduleOutcome.Refused>(outcome).Reason);
        AssertUnchanged(w, booked, Thursday4pm);
    }

    [Fact]
    public async Task Cancelled_and_unknown_sessions_cannot_be_moved()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        await w.Booking.CancelAsync(booked.Id, Alex, "not needed", CancellationToken.None);

        var cancelled = await Move(w, booked.Id, Friday530pm);
        var unknown = await Move(w, "S-ZZZZZ", Friday530pm);

        Assert.Contains("is cancelled, so it can't be moved", Assert.IsType<RescheduleOutcome.Refused>(cancelled).Reason);
        Assert.Contains("can't find session S-ZZZZZ", Assert.IsType<RescheduleOutcome.Refused>(unknown).Reason);
        Assert.Empty(w.Zoom.For("update"));
        Assert.Equal(Thursday4pm, w.Session(booked.Id)!.Start);
    }

    [Fact]
    public async Task A_request_awaiting_approval_moves_without_Zoom_or_guardians()
    {
        await using var w = await StartAsync();
        var request = Group();
        Assert.IsType<BookingOutcome.AwaitingApproval>(await w.Booking.BookAsync(request, CancellationToken.None));

        var outcome = await Move(w, request.SessionId, Friday530pm);

        Assert.IsType<RescheduleOutcome.Moved>(outcome);
        Assert.Equal(Friday530pm, w.Session(request.SessionId)!.Start);
        Assert.Equal(SessionStatus.AwaitingApproval, w.Session(request.SessionId)!.Status);
        Assert.Empty(w.Zoom.Requests);
        Assert.Empty(w.Emails(request.SessionId));
        Assert.Empty(await w.Reminders.ForSessionAsync(request.SessionId));
    }

    [Fact]
    public async Task A_cancellation_landing_while_Zoom_moves_the_meeting_wins_and_the_meeting_is_moved_back()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        w.MarkEmailsSent(booked.Id);
        w.Hooks.AfterReschedule = async () =>
        {
            w.Hooks.AfterReschedule = null;
            // A consent withdrawal cancels without the booking's per-session lock.
            await w.Bot.Get<ConsentWithdrawals>().WithdrawAsync($"C-{Sam}-2026", "import:consents.csv", "guardian emailed", Now);
        };

        var outcome = await Move(w, booked.Id, Friday530pm);

        Assert.Contains("it is now cancelled", Assert.IsType<RescheduleOutcome.Refused>(outcome).Reason);
        var session = w.Session(booked.Id)!;
        Assert.Equal(SessionStatus.Cancelled, session.Status);
        Assert.Equal(Thursday4pm, session.Start);
        Assert.DoesNotContain(w.Emails(booked.Id), e => e.Kind == InvitationKind.Rescheduled);
        Assert.Contains(w.Emails(booked.Id), e => e.Kind == InvitationKind.Cancelled);
        Assert.Empty(w.PendingReminders(booked.Id));
        Assert.Single(await w.Removals.PendingAsync());
        var patches = w.Zoom.For("update").Select(p => (string?)JsonNode.Parse(p.Body)!["start_time"]).ToArray();
        Assert.Equal(new[] { "2026-11-06T17:30:00", "2026-11-05T16:00:00" }, patches);
    }

    [Fact]
    public async Task A_booking_that_takes_the_new_slot_while_Zoom_moves_the_meeting_blocks_the_move()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne(Sam));
        string? rival = null;
        w.Hooks.AfterReschedule = async () =>
        {
            w.Hooks.AfterReschedule = null;
            rival = (await w.BookAsync(OneToOne(Ria, start: Friday530pm))).Id;
        };

        var outcome = await Move(w, booked.Id, Friday530pm);

        var blocked = Assert.IsType<RescheduleOutcome.Blocked>(outcome);
        Assert.Contains(blocked.Verdict.Blocks, f => f.RuleId == RuleCatalogue.DoubleBooking.Id && f.Message.Contains(rival!));
        Assert.Equal(Thursday4pm, w.Session(booked.Id)!.Start);
        Assert.Equal(SessionStatus.Scheduled, w.Session(rival!)!.Status);
        Assert.Equal("2026-11-05T16:00:00", (string?)JsonNode.Parse(w.Zoom.For("update").Last().Body)!["start_time"]);
    }

    private static void AssertUnchanged(SessionWorld w, Session before, DateTimeOffset start)
    {
        var session = w.Session(before.Id)!;
        Assert.Equal(start, session.Start);
        Assert.Equal(before.DurationMinutes, session.DurationMinutes);
        Assert.Equal(SessionStatus.Scheduled, session.Status);
        Assert.Single(w.Emails(before.Id));
        Assert.Equal(4, w.PendingReminders(before.Id).Count);
        Assert.All(w.PendingReminders(before.Id), r => Assert.True(r.DueAt < start));
        Assert.Equal(1, w.CalendarChange(before.Id)!.Version);
        Assert.Empty(w.Audit("session.rescheduled"));
    }
}
