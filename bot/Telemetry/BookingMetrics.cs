using Chexs.Bot.Records;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Telemetry;

/// <summary>chexs.bookings and chexs.refusals from a booking's outcome (kind and rule ids only).</summary>
public static class BookingMetrics
{
    public static void Record(SessionKind kind, BookingOutcome outcome)
    {
        var k = kind == SessionKind.Group ? "group" : "one_to_one";
        switch (outcome)
        {
            case BookingOutcome.Booked { AlreadyBooked: false }:
                ChexsTelemetry.RecordBooking(k, "booked");
                break;
            case BookingOutcome.AwaitingApproval:
                ChexsTelemetry.RecordBooking(k, "awaiting_approval");
                break;
            case BookingOutcome.Blocked blocked:
                // Counted where the refusal is shown (BookingDialog), so a Confirm that finds a new block counts once.
                break;
            case BookingOutcome.NotMade:
                ChexsTelemetry.RecordBooking(k, "not_made");
                break;
        }
    }

    public static void RecordApproval(ApprovalOutcome outcome)
    {
        if (outcome is ApprovalOutcome.Approved) ChexsTelemetry.RecordBooking("group", "approved");
        if (outcome is ApprovalOutcome.NotMade) ChexsTelemetry.RecordBooking("group", "not_made");
    }
}
