using Chexs.Bot.HostCalendar;
using Chexs.Bot.Invitations;
using Chexs.Bot.Notices;
using Chexs.Bot.Records;
using Chexs.Bot.Reminders;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;
using Chexs.Bot.Tests.Zoom;
using static Chexs.Bot.Tests.Sessions.SessionWorld;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>
/// Cancelling (SessionBooking.CancelAsync / SessionCancellations) queues every consequence in one
/// transaction; MeetingRemovalWorker then deletes the Zoom meeting at the fake Zoom.
/// </summary>
public sealed class CancellationTests
{
    private static Task<bool> Cancel(SessionWorld w, string id, string reason = "Host is unwell") =>
        w.Booking.CancelAsync(id, Alex, reason, CancellationToken.None);

    [Fact]
    public async Task Cancelling_a_scheduled_session_queues_the_guardians_email_the_calendar_the_Zoom_deletion_and_withdraws_reminders()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        w.MarkEmailsSent(booked.Id);

        Assert.True(await Cancel(w, booked.Id));

        var session = w.Session(booked.Id)!;
        Assert.Equal(SessionStatus.Cancelled, session.Status);
        Assert.Equal("Host is unwell", session.CancelledReason);
        var email = Assert.Single(w.Emails(booked.Id), e => e.Status == OutboxStatus.Pending);
        Assert.Equal(InvitationKind.Cancelled, email.Kind);
        Assert.DoesNotContain(booked.Meeting!.Passcode, email.TextBody); // nothing to join any more
        Assert.Equal(2, w.CalendarChange(booked.Id)!.Version);
        Assert.All(await w.Reminders.ForSessionAsync(booked.Id), r =>
        {
            Assert.Equal(ReminderStatus.Skipped, r.Status);
            Assert.Equal("cancelled", r.SkipReason);
            Assert.Null(r.OutstandingDueUtc);
        });
        var removal = Assert.Single(await w.Removals.PendingAsync());
        Assert.Equal(booked.Id, removal.SessionId);
        Assert.Equal(booked.Meeting.MeetingId, removal.MeetingId);
        Assert.False(removal.Simulated);
        var audit = Assert.Single(w.Audit("session.cancelled"));
        Assert.Equal(Alex, audit.Actor);
        Assert.Equal("Host is unwell", audit.Detail);
        Assert.Empty(w.Zoom.For("delete")); // the worker does that, after the commit
    }

    [Fact]
    public async Task An_invitation_never_sent_is_withdrawn_instead_of_followed_by_a_cancellation()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());

        Assert.True(await Cancel(w, booked.Id));

        var only = Assert.Single(w.Emails(booked.Id));
        Assert.Equal(OutboxStatus.Superseded, only.Status);
        Assert.Equal("", only.TextBody); // the join details it held are gone
        Assert.Single(await w.Removals.PendingAsync());
    }

    [Fact]
    public async Task Cancelling_a_request_awaiting_approval_tells_no_guardian_and_has_no_meeting_to_delete()
    {
        await using var w = await StartAsync();
        var request = Group();
        Assert.IsType<BookingOutcome.AwaitingApproval>(await w.Booking.BookAsync(request, CancellationToken.None));

        Assert.True(await Cancel(w, request.SessionId, "Changed plans"));

        Assert.Equal(SessionStatus.Cancelled, w.Session(request.SessionId)!.Status);
        Assert.Empty(w.Emails(request.SessionId));
        Assert.Null(w.CalendarChange(request.SessionId));
        Assert.Empty(await w.Removals.PendingAsync());
        Assert.Single(w.Audit("session.cancelled"));
    }

    [Fact]
    public async Task Cancelling_twice_or_an_unknown_session_changes_nothing_more()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        w.MarkEmailsSent(booked.Id);

        Assert.True(await Cancel(w, booked.Id));
        Assert.False(await Cancel(w, booked.Id, "again"));
        Assert.False(await Cancel(w, "S-ZZZZZ"));

        Assert.Equal("Host is unwell", w.Session(booked.Id)!.CancelledReason);
        Assert.Single(w.Emails(booked.Id), e => e.Kind == InvitationKind.Cancelled);
        Assert.Single(await w.Removals.PendingAsync());
        Assert.Single(w.Audit("session.cancelled"));
    }

    [Fact]
    public async Task A_withdrawn_consent_cancels_through_the_full_cancellation()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        w.MarkEmailsSent(booked.Id);

        var result = await w.Bot.Get<ConsentWithdrawals>().WithdrawAsync($"C-{Sam}-2026", "import:consents.csv", "guardian emailed", Now);

        Assert.Equal(booked.Id, Assert.Single(result.Cancelled).Id);
        Assert.Equal(SessionStatus.Cancelled, w.Session(booked.Id)!.Status);
        Assert.StartsWith("P4:", w.Session(booked.Id)!.CancelledReason);
        Assert.Single(w.Emails(booked.Id), e => e.Kind == InvitationKind.Cancelled);
        Assert.Single(await w.Removals.PendingAsync());
        Assert.Empty(w.PendingReminders(booked.Id));
    }

    [Fact]
    public async Task The_removal_worker_deletes_the_meeting_at_Zoom_once()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        await Cancel(w, booked.Id);
        var worker = w.Bot.Get<MeetingRemovalWorker>();

        Assert.Equal(1, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));

        var delete = Assert.Single(w.Zoom.For("delete"));
        Assert.Equal($"/v2/meetings/{booked.Meeting!.MeetingId}", delete.PathAndQuery);
        Assert.Empty(w.Zoom.Meetings);
        Assert.Empty(await w.Removals.PendingAsync());
        Assert.Equal(Now, w.Db.MeetingRemovals.FindAll().Single().DoneAt);
        Assert.Equal(new[] { booked.Id }, Assert.Single(w.Audit("zoom.meeting_deleted")).Records);
    }

    [Fact]
    public async Task A_meeting_Zoom_no_longer_has_counts_as_removed()
    {
        await using var w = await StartAsync();
        var booked = await w.BookAsync(OneToOne());
        await Cancel(w, booked.Id);
        w.Zoom.Meetings.Clear(); // deleted by hand in Zoom meanwhile

        Assert.Equal(1, await w.Bot.Get<MeetingRemovalWorker>().RunOnceAsync(CancellationToken.None));

        Assert.Single(w.Zoom.For("delete"));
        Assert.Empty(await w.Removals.PendingAsync());
    }

    [Fact]
    public async Task A_meeting_Zoom_keeps_refusing_to_delete_is_handed_to_the_managers_after_ten_tries()
    {
        await using var w = await StartAsync(s => s["Zoom:MaxRetries"] = "1");
        var booked = await w.BookAsync(OneToOne());
        await Cancel(w, booked.Id);
        w.Zoom.Script("delete", Enumerable.Range(0, 40).Select(_ => Fault.ServerError(503)).ToArray());
        var worker = w.Bot.Get<MeetingRemovalWorker>();

        for (var pass = 1; pass <= 9; pass++) Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Equal(9, Assert.Single(await w.Removals.PendingAsync()).Attempts);
        Assert.Empty(w.NoticesTo(StaffNotice.Managers));

        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        var notice = Assert.Single(w.NoticesTo(StaffNotice.Managers));
        Assert.Contains($"Please delete meeting {booked.Meeting!.MeetingId} in Zoom by hand", notice.Text);
        Assert.Contains(booked.Id, notice.Records);
        Assert.Single(w.Audit("zoom.meeting_delete_failed"));

        // Given up: no more calls, no second notice.
        var calls = w.Zoom.For("delete").Count();
        Assert.Equal(0, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Equal(calls, w.Zoom.For("delete").Count());
        Assert.Single(w.NoticesTo(StaffNotice.Managers));
        Assert.Single(w.Zoom.Meetings);
    }

    [Fact]
    public async Task One_removal_that_fails_does_not_hold_up_the_others()
    {
        await using var w = await StartAsync(s => s["Zoom:MaxRetries"] = "1");
        var first = await w.BookAsync(OneToOne(Sam));
        var second = await w.BookAsync(OneToOne(Ria, start: Thursday4pm.AddHours(2)));
        await Cancel(w, first.Id);
        await Cancel(w, second.Id);
        w.Zoom.Script("delete", Fault.ServerError(503), Fault.ServerError(503));

        Assert.Equal(1, await w.Bot.Get<MeetingRemovalWorker>().RunOnceAsync(CancellationToken.None));

        var left = Assert.Single(await w.Removals.PendingAsync());
        Assert.Equal(first.Id, left.SessionId);
        Assert.Equal(1, left.Attempts);
        Assert.NotNull(left.LastError);
        Assert.Equal(new[] { first.Meeting!.MeetingId }, w.Zoom.Meetings.Keys.ToArray());
    }
}
