using Chexs.Bot.Records;
using Microsoft.Bot.Builder;

namespace Chexs.Bot.Dialogs.Conversations;

/// <summary>
/// The person this turn is from, with the role the staff directory gave them. ChexsBot puts it in the
/// turn state after its role check, so dialogs never ask the directory again or act for an unchecked user.
/// </summary>
public sealed record TurnUser(string AadObjectId, string Name, StaffRole Role)
{
    private const string Key = "chexs.turnUser";

    public bool IsManager => Role == StaffRole.Manager;

    public void Attach(ITurnContext turn) => turn.TurnState[Key] = this;

    /// <summary>The checked user of this turn. Throws when the turn skipped the role check (a wiring bug).</summary>
    public static TurnUser Of(ITurnContext turn) =>
        turn.TurnState.Get<TurnUser>(Key) ?? throw new InvalidOperationException("No role check ran for this turn.");
}
