using Chexs.Bot.Records;
using Chexs.Bot.Reminders;

namespace Chexs.Bot.Tests.Reminders;

public class ReminderScheduleTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeSpan[] G5 = { TimeSpan.FromHours(24), TimeSpan.FromMinutes(15) };

    private static Session SessionAt(int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0);
        return new Session { Id = "S-TEST1", Start = new DateTimeOffset(local, London.GetUtcOffset(local)), DurationMinutes = 45, Status = SessionStatus.Scheduled };
    }

    private static DateTime LocalDue(Session s, ReminderAudience audience, int minutes) =>
        TimeZoneInfo.ConvertTime(ReminderSchedule.For(s, G5, London).Single(r => r.Audience == audience && r.OffsetMinutes == minutes).DueAt, London).DateTime;

    [Fact]
    public void Day_before_reminder_keeps_the_wall_clock_time_across_the_autumn_clock_change()
    {
        // Clocks go back at 02:00 on Sunday 25 October 2026; the session is on Monday 26 October at 16:00 GMT.
        var s = SessionAt(2026, 10, 26, 16, 0);
        Assert.Equal(new DateTime(2026, 10, 25, 16, 0, 0), LocalDue(s, ReminderAudience.Channel, 24 * 60));
        Assert.Equal(new DateTime(2026, 10, 26, 15, 45, 0), LocalDue(s, ReminderAudience.Channel, 15));
    }

    [Fact]
    public void Day_before_reminder_keeps_the_wall_clock_time_across_the_spring_clock_change()
    {
        // Clocks go forward at 01:00 on Sunday 29 March 2026; the session is Sunday 29 March at 10:00 BST.
        var s = SessionAt(2026, 3, 29, 10, 0);
        Assert.Equal(new DateTime(2026, 3, 28, 10, 0, 0), LocalDue(s, ReminderAudience.Channel, 24 * 60));
        // 23 real hours, not 24, separate the two: the wall clock is what staff read.
        var due = ReminderSchedule.For(s, G5, London).First(r => r.OffsetMinutes == 24 * 60).DueAt;
        Assert.Equal(TimeSpan.FromHours(23), s.Start - due);
    }

    [Fact]
    public void A_day_before_time_that_does_not_exist_falls_back_to_elapsed_time()
    {
        // 01:30 on 29 March 2026 does not exist in London; the session is 01:30 on Monday 30 March.
        var s = SessionAt(2026, 3, 30, 1, 30);
        var due = ReminderSchedule.For(s, G5, London).First(r => r.OffsetMinutes == 24 * 60).DueAt;
        Assert.Equal(TimeSpan.FromHours(24), s.Start - due);
    }

    [Fact]
    public void Each_offset_gives_a_channel_and_a_host_reminder_with_ids_that_change_when_the_start_changes()
    {
        var s = SessionAt(2026, 12, 3, 16, 0);
        var first = ReminderSchedule.For(s, G5, London);
        Assert.Equal(4, first.Count);
        Assert.Equal(2, first.Count(r => r.Audience == ReminderAudience.Host));
        s.Start = s.Start.AddHours(1);
        var moved = ReminderSchedule.For(s, G5, London);
        Assert.Empty(first.Select(r => r.Id).Intersect(moved.Select(r => r.Id)));
    }
}
