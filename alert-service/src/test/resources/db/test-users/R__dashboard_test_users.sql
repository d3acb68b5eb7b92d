-- Tests only (%test.quarkus.flyway.locations): the dashboard contract's three users. Their
-- passwords are the user name + "-pass"; 1000 PBKDF2 iterations keep logins cheap in tests.
INSERT INTO dashboard_users (username, password_hash, role) VALUES
    ('viewer', 'pbkdf2-sha256$1000$NwH2owJ+lSiJcKCGwQAObw==$WdmLf9XS1S+2X+tPxowqhrV6NvUmlO/lC9n/UBSmFBE=', 'viewer'),
    ('operator', 'pbkdf2-sha256$1000$OHlycdaG2CaiTtRUc0+BEA==$zYkcxj25w08KVOWZqSo9xmZ7smC2XJeDhX7/hOT5TGk=', 'operator'),
    ('admin', 'pbkdf2-sha256$1000$3p+9W29dXn2rH9TVDxZnhw==$AYPYsnqGq5JYOE+WYea6XHeWBu4aTmzByHm8xS+WhH4=', 'admin')
ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role;
