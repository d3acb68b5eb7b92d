-- Issue 7: the site threshold rule. A site alerts when the share of people decided masked over its
-- window of compliance minutes drops below its threshold. These alerts are about a site, not a
-- face (no frame, box, label or track), so they have a table of their own; their notifications go
-- through the same outbox (keyed by alert_id). An alert stays open (recovered_at NULL) while the
-- site stays below; the partial unique key allows one open alert per site and kind, so two
-- consumers judging the same site at once raise it once.

CREATE TABLE site_alerts (
    alert_id       uuid             PRIMARY KEY,
    kind           text             NOT NULL CHECK (kind IN ('compliance_below_threshold')),
    site           text             NOT NULL,
    percent        double precision NOT NULL CHECK (percent BETWEEN 0 AND 100),
    min_percent    double precision NOT NULL,
    window_minutes integer          NOT NULL CHECK (window_minutes > 0),
    people         bigint           NOT NULL CHECK (people > 0),
    masked         bigint           NOT NULL CHECK (masked >= 0),
    window_end     timestamptz      NOT NULL,
    raised_at      timestamptz      NOT NULL,
    recovered_at   timestamptz
);

CREATE UNIQUE INDEX site_alerts_open_key ON site_alerts (site, kind) WHERE recovered_at IS NULL;
CREATE INDEX site_alerts_site_raised_idx ON site_alerts (site, raised_at DESC);
