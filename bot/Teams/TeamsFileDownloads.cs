using Chexs.Bot.DataExchange.Uploads;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Teams;

/// <summary>
/// A file someone sent the bot in a Teams personal chat (manifest <c>supportsFiles</c>): Teams delivers it as an
/// attachment of type <c>application/vnd.microsoft.teams.file.download.info</c> whose content has a short-lived,
/// pre-authenticated <c>downloadUrl</c> and the <c>fileType</c>. Read here so nothing past the edge sees SDK types.
/// </summary>
public static class TeamsFileDownloads
{
    public const string DownloadInfoType = "application/vnd.microsoft.teams.file.download.info";

    public static IncomingFile? FileIn(IActivity activity)
    {
        var attachment = (activity as IMessageActivity)?.Attachments?.FirstOrDefault(a => a?.ContentType == DownloadInfoType);
        if (attachment is null) return null;
        var content = attachment.Content switch
        {
            JObject o => o,
            string s => TryParse(s),
            null => null,
            var other => JObject.FromObject(other),
        };
        return new IncomingFile(attachment.Name ?? "", (string?)content?["downloadUrl"], (string?)content?["fileType"]);
    }

    private static JObject? TryParse(string text)
    {
        try
        {
            return JObject.Parse(text);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }
}
