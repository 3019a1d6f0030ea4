using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Chexs.Bot.Telemetry;

/// <summary>
/// The bot's own spans and metrics. Cheap when telemetry is off: with no listener, StartActivity returns
/// null and instruments record nothing.
///
/// What may go in a tag: fixed vocabularies only (activity types, command names, rule ids, outbox names,
/// HTTP methods, status codes, URL templates). Never text a person typed, names, email addresses, join
/// links or passcodes: the export is outside the charity's safeguarding boundary.
/// </summary>
public static class ChexsTelemetry
{
    public const string Name = "Chexs.Bot";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>chexs.bookings: booking attempts that ended, by kind (one_to_one/group) and outcome (booked, awaiting_approval, approved, not_made).</summary>
    public static readonly Counter<long> Bookings = Meter.CreateCounter<long>("chexs.bookings", "{booking}", "Booking attempts by outcome");

    /// <summary>chexs.refusals: a policy rule refused a booking or a reschedule, by rule id (P4, G2, D1…).</summary>
    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>("chexs.refusals", "{refusal}", "Policy refusals by rule id");

    /// <summary>chexs.reminders.late: reminders posted later than Reminders:LateAfter after they were due.</summary>
    public static readonly Counter<long> LateReminders = Meter.CreateCounter<long>("chexs.reminders.late", "{reminder}", "Reminders sent late");

    public static void RecordBooking(string kind, string outcome) =>
        Bookings.Add(1, new KeyValuePair<string, object?>("chexs.session.kind", kind), new KeyValuePair<string, object?>("chexs.outcome", outcome));

    public static void RecordRefusals(IEnumerable<string> ruleIds)
    {
        // One count per rule per refusal: a booking blocked by P4 for two pupils is one P4 refusal.
        foreach (var rule in ruleIds.Distinct(StringComparer.Ordinal))
        {
            Refusals.Add(1, new KeyValuePair<string, object?>("chexs.rule_id", rule));
        }
    }

    public static void RecordLateReminder(string audience) =>
        LateReminders.Add(1, new KeyValuePair<string, object?>("chexs.reminder.audience", audience));

    /// <summary>Marks a span failed with the exception's type only (its message may quote data).</summary>
    public static void Fail(Activity? activity, Exception e)
    {
        if (activity is null) return;
        activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
        activity.SetTag("error.type", e.GetType().FullName);
    }
}
