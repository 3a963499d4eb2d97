"""Partner embeds: the riddle and leaderboard framed on partner sites, and oEmbed."""
