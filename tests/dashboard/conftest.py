def login(client, user):
    client.force_login(user)
    return client
