/** What became of one download, as in the book's flags2_common.DownloadStatus. */
public enum DownloadStatus {
    OK, NOT_FOUND, ERROR
}
