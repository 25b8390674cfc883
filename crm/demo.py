"""Placeholder replaced below."""
def seed_demo_data(): return False
def demo_accounts(path): return []
