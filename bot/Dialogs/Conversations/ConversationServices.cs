using Chexs.Bot.Hosting;
using Chexs.Bot.CardActions;
using Chexs.Bot.Dialogs.Engine;
using Chexs.Bot.Dialogs.Parsing;
using Chexs.Bot.Dialogs.Prompts;
using Chexs.Bot.Safeguarding;
using Chexs.Bot.Sessions;

namespace Chexs.Bot.Dialogs.Conversations;

public static class ConversationServices
{
    /// <summary>The conversations staff use (dialogs, commands, their cards and card buttons) and the dialog runner ChexsBot calls.</summary>
    public static IServiceCollection AddChexsConversations(this IServiceCollection services, Hosting.BotSetup setup)
    {
        services.AddSingleton(sp => UkDateTimeParser.For(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SafeguardingOptions>()));
        services.AddSingleton<BookingLineParser>();
        services.AddSingleton<CommandReader>();
        services.AddSingleton<SessionChoices>();
        services.AddSingleton<IInterruptionReader, CommandInterruptions>();
        services.AddSingleton<PupilPicker>();
        services.AddSingleton<BookingCards>();
        services.AddSingleton<SeriesBookingCards>();
        services.AddSingleton<MySessionsCard>();
        services.AddSingleton<MySeriesEntries>();
        services.AddSingleton<SessionActionCards>();
        services.AddSingleton<PolicyCard>();
        services.AddSingleton<PolicyReviewNotice>();

        services.AddSingleton<Dialog, BookingForm>();
        services.AddSingleton<Dialog, BookingDialog>();
        services.AddSingleton<Dialog, ChooseSessionDialog>();
        services.AddSingleton<Dialog, CancelSessionDialog>();
        services.AddSingleton<Dialog, RescheduleSessionDialog>();
        services.AddSingleton<Dialog, ChoosePupilDialog>();
        services.AddSingleton<Dialog, ConsentForm>();
        services.AddSingleton<Dialog, RecordConsentDialog>();
        services.AddSingleton<Dialog, WithdrawConsentDialog>();
        services.AddSingleton<Dialog, LengthPrompt>();
        services.AddSingleton<Dialog, ActionCardPrompt>();
        services.AddSingleton<Dialog, FormDatePrompt>();
        services.AddSingleton<Dialog, ConfirmInterruptionDialog>();
        services.AddSingleton(sp => new DialogSet(StandardPrompts.Create(sp.GetRequiredService<UkDateTimeParser>()).Concat(sp.GetServices<Dialog>())));
        services.AddSingleton<DialogRunner>();
        services.AddSingleton<ConversationCommands>();
        services.AddSingleton<CommandButtons>();
        services.AddSingleton<WelcomeCard>();
        services.AddSingleton<ManagerRightsRequests>();

        services.AddSingleton<ICardActionHandler, BookingCardActions>();
        services.AddSingleton<ICardActionHandler, SessionCardActions>();
        services.AddSingleton<ICardActionHandler, SeriesCardActions>();
        return services;
    }
}
