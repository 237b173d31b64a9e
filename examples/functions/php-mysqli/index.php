<?php
// Post 003's function: mysqli over verified TLS (MYSQLI_CLIENT_SSL), logging in to the proxy with an IAM token.

// A connection as DB_USER to DB_HOST:DB_PORT (the proxy's endpoint) with $token, an IAM token for them (README.md).
function connect(string $token): mysqli
{
    // mysqli checks the server's certificate only against CAs it is given: without them it sends the token anyway.
    $ca = getenv('DB_CA_BUNDLE');
    if (!is_string($ca) || !is_readable($ca)) {
        throw new RuntimeException('DB_CA_BUNDLE must name a PEM file of the CAs to trust');
    }
    $db = mysqli_init();
    $db->ssl_set(null, null, $ca, null, null);
    $db->real_connect(
        getenv('DB_HOST'),
        getenv('DB_USER'),
        $token,
        getenv('DB_NAME'),
        (int) getenv('DB_PORT'),
        null,
        MYSQLI_CLIENT_SSL
    );
    return $db;
}

// The handler, named index as in the post.
function index(string $token): array
{
    $db = connect($token);
    try {
        return $db->query('SELECT CURRENT_USER() AS user, CONNECTION_ID() AS connection')->fetch_assoc();
    } finally {
        $db->close();
    }
}
